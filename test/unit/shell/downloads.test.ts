import { strict as assert } from 'assert';

import { findDownloads, type ShellDownload } from '../../../server/src/analysis/shell/downloads';
import { parseCommandLine } from '../../../server/src/analysis/shell/words';

const SHA = '5d0f2e8a7f1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d';

/** The downloads of a line, with the underlined text in place of the offsets. */
function downloads(line: string): Array<Omit<ShellDownload, 'start' | 'end'> & { at: string }> {
  return findDownloads(parseCommandLine(line), line).map(({ start, end, ...d }) => ({ at: line.slice(start, end), ...d }));
}

/** One field of each download of a line. */
function pick<K extends keyof ShellDownload | 'at'>(line: string, key: K): unknown[] {
  return downloads(line).map((d) => (d as Record<string, unknown>)[key]);
}

describe('shell downloads', () => {
  describe('what counts as a model file', () => {
    it('a model-artifact extension on the URL or the destination', () => {
      for (const ext of ['pt', 'pth', 'bin', 'ckpt', 'pkl', 'pickle', 'joblib', 'sav', 'h5', 'hdf5', 'keras', 'model', 'mar']) {
        assert.deepEqual(pick(`wget https://h/w.${ext}`, 'format'), ['code'], ext);
      }
      for (const ext of ['pb', 'onnx', 'tflite', 'gguf', 'safetensors', 'npy', 'npz']) {
        assert.deepEqual(pick(`wget https://h/w.${ext.toUpperCase()}`, 'format'), ['data'], ext);
      }
      assert.deepEqual(pick('wget https://h/download?id=3 -O model.pt', 'format'), ['code']);
      assert.deepEqual(pick('wget https://h/model.pt?token=x#frag', 'format'), ['code']);
    });

    it('not data, text, configuration, tokenizer or archive files (a .json is not a model file)', () => {
      for (const name of ['data.csv', 'notes.txt', 'tokenizer.json', 'config.yaml', 'weights.tar.gz', 'w.zip', 'model', 'pt']) {
        assert.deepEqual(downloads(`wget https://h/${name}`), [], name);
      }
      assert.deepEqual(downloads('curl -o out.json https://h/model-card'), []);
    });

    it('any file of a Hub resolve/<ref>/ URL, with its ref', () => {
      const [d] = downloads('wget https://huggingface.co/org/m/resolve/main/tokenizer.json');
      assert.equal(d.hub?.repo, 'org/m');
      assert.equal(d.hub?.file, 'tokenizer.json');
      assert.equal(d.pin, 'mutable');
      assert.equal(d.format, undefined);
      assert.deepEqual(pick(`curl -LO https://hf.co/datasets/org/d/resolve/${SHA}/x.bin`, 'pin'), ['pinned']);
      assert.deepEqual(pick(`wget https://huggingface.co/gpt2/resolve/${SHA.slice(0, 7)}/model.safetensors`, 'pin'), ['short']);
      assert.deepEqual(pick('wget https://huggingface.co/org/m/resolve/refs%2Fpr%2F3/model.pt', 'revision'), ['refs/pr/3']);
      assert.deepEqual(pick('wget "https://huggingface.co/org/m/resolve/$REV/model.pt"', 'pin'), ['unknown']);
    });

    it('the transport: http and ftp are insecure, https and buckets secure, an unknown URL unknown', () => {
      assert.deepEqual(pick('wget http://h/a.pt ftp://h/b.pt https://h/c.pt h/d.pt "$U/e.pt"', 'transport'), ['insecure', 'insecure', 'secure', 'insecure', 'unknown']);
      assert.deepEqual(pick('wget --no-check-certificate https://h/a.pt; curl -k https://h/b.pt -o b.pt', 'insecureTls'), [true, true]);
      assert.deepEqual(pick('wget http://localhost:8000/a.pt http://127.0.0.1/b.pt http://[::1]:8080/c.pt localhost/d.pt http://localhost.evil.example/e.pt', 'transport'), ['secure', 'secure', 'secure', 'secure', 'insecure']);
    });
  });

  describe('wget', () => {
    it('-O, --output-document, -O- to stdout, -qO clusters, -P and the URL name', () => {
      assert.deepEqual(pick('wget https://h/x -O m.pt', 'destination'), ['m.pt']);
      assert.deepEqual(pick('wget --output-document=m.pt https://h/x', 'destination'), ['m.pt']);
      assert.deepEqual(pick('wget -qO m.pt https://h/x', 'destination'), ['m.pt']);
      assert.deepEqual(pick('wget -Om.pt https://h/x', 'destination'), ['m.pt']);
      assert.deepEqual(pick('wget -qO- https://h/x > m.pt', 'destination'), ['m.pt']);
      assert.deepEqual(pick('wget -P /models https://h/a/m.pt', 'destination'), ['/models/m.pt']);
      assert.deepEqual(pick('wget --directory-prefix=ckpt/ https://h/a/m.pt https://h/b.ckpt', 'destination'), ['ckpt/m.pt', 'ckpt/b.ckpt']);
    });

    it('value options are not read as URLs; -o is the log file; -i reads URLs from a file', () => {
      assert.deepEqual(pick('wget -t 3 --header "X: a.pt" -o log.pkl https://h/data.csv', 'at'), []);
      assert.deepEqual(downloads('wget -i urls.txt -P models'), []);
      assert.deepEqual(pick('wget -c -nc --tries=3 https://h/m.pt', 'at'), ['https://h/m.pt']);
    });
  });

  describe('curl', () => {
    it('-o/--output pair with URLs in order; -O/--remote-name use the URL name; > redirects', () => {
      assert.deepEqual(pick('curl -L -o weights.ckpt "$URL"', 'destination'), ['weights.ckpt']);
      assert.deepEqual(pick('curl -fsSLo m.pt https://h/x', 'destination'), ['m.pt']);
      assert.deepEqual(pick('curl --output=m.pt https://h/x', 'destination'), ['m.pt']);
      assert.deepEqual(pick('curl -O https://h/a/m.pt', 'destination'), ['m.pt']);
      assert.deepEqual(pick('curl --remote-name https://h/a/m.pt -o b.bin https://h/x', 'destination'), ['m.pt', 'b.bin']);
      assert.deepEqual(pick('curl --remote-name-all https://h/a.pt https://h/b.pt', 'destination'), ['a.pt', 'b.pt']);
      assert.deepEqual(pick('curl https://h/x > m.pt', 'destination'), ['m.pt']);
      assert.deepEqual(pick('curl --output-dir models -O https://h/a/m.pt', 'destination'), ['models/m.pt']);
      assert.deepEqual(pick('curl --url https://h/m.pt -o m.pt', 'at'), ['https://h/m.pt']);
    });

    it('an upload (-T, -F) is not a download; -d still fetches the response', () => {
      assert.deepEqual(downloads('curl -T model.pt https://h/upload/model.pt'), []);
      assert.deepEqual(downloads('curl -F file=@model.pt https://h/models/model.pt'), []);
      assert.deepEqual(pick('curl -H "Authorization: x" -d q=1 https://h/export -o m.pt', 'destination'), ['m.pt']);
    });

    it('a non-model URL to stdout is not a model download', () => {
      assert.deepEqual(downloads('curl -fsSL https://h/install.sh | sh'), []);
    });
  });

  describe('aria2c, gdown, python -m wget', () => {
    it('reads their output options, and aria2c --checksum verifies', () => {
      assert.deepEqual(pick('aria2c -x 16 -s 16 -d models -o m.pt https://h/x', 'destination'), ['models/m.pt']);
      assert.deepEqual(pick(`aria2c --checksum=sha-256=${SHA}${SHA.slice(0, 24)} https://h/m.pt`, 'verified'), [true]);
      assert.deepEqual(pick('gdown https://drive.google.com/uc?id=abc -O model.pth', 'tool'), ['gdown']);
      assert.deepEqual(pick('python -m wget -o m.pt https://h/x', 'tool'), ['python -m wget']);
    });
  });

  describe('huggingface-cli download and hf download', () => {
    it('pinned only with --revision <40-hex>', () => {
      assert.deepEqual(pick(`huggingface-cli download org/m --revision ${SHA}`, 'pin'), ['pinned']);
      assert.deepEqual(pick(`hf download org/m --revision=${SHA} --local-dir m`, 'pin'), ['pinned']);
      assert.deepEqual(pick('hf download org/m', 'pin'), ['missing']);
      assert.deepEqual(pick('hf download org/m --revision main', 'pin'), ['mutable']);
      assert.deepEqual(pick('hf download org/m --revision v1.0', 'pin'), ['mutable']);
      assert.deepEqual(pick('hf download org/m --revision 5d0f2e8', 'pin'), ['short']);
      assert.deepEqual(pick('hf download org/m --revision "$REV"', 'pin'), ['unknown']);
      assert.deepEqual(pick(`hf download org/m --revision '<commit sha>'`, 'pin'), ['placeholder']);
    });

    it('underlines the repository, or the revision when one is given', () => {
      assert.deepEqual(pick('hf download org/m model.safetensors --local-dir ./m', 'at'), ['org/m']);
      assert.deepEqual(pick('huggingface-cli download org/m --revision main', 'at'), ['main']);
    });

    it('reads files, --include lists, --repo-type and --local-dir', () => {
      const [d] = downloads('huggingface-cli download --repo-type dataset org/d --include "*.parquet" "*.json" --local-dir data');
      assert.equal(d.hub?.type, 'dataset');
      assert.equal(d.source, 'org/d');
      assert.equal(d.destination, 'data');
      assert.deepEqual(pick('hf download org/m config.json model.safetensors --repo-type=model', 'source'), ['org/m']);
    });

    it('other subcommands are not downloads', () => {
      assert.deepEqual(downloads('huggingface-cli login; hf upload org/m ./m; hf scan-cache'), []);
    });
  });

  describe('git clone', () => {
    it('of a Hugging Face Hub or ModelScope repository, over https, ssh or http', () => {
      assert.deepEqual(pick('git clone https://huggingface.co/org/m', 'hub'), [{ type: 'model', repo: 'org/m' }]);
      assert.deepEqual(pick('git clone https://hf.co/datasets/org/d.git', 'hub'), [{ type: 'dataset', repo: 'org/d' }]);
      assert.deepEqual(pick('git clone git@hf.co:spaces/org/s', 'hub'), [{ type: 'space', repo: 'org/s' }]);
      assert.deepEqual(pick('git clone https://www.modelscope.cn/qwen/Qwen2-7B.git', 'hub'), [{ type: 'model', repo: 'qwen/Qwen2-7B', modelscope: true }]);
      assert.deepEqual(pick('git -c http.sslVerify=true clone --depth 1 http://huggingface.co/gpt2 weights', 'transport'), ['insecure']);
      assert.deepEqual(pick('git lfs clone https://huggingface.co/org/m', 'tool'), ['git clone']);
    });

    it('not a clone of a code repository', () => {
      assert.deepEqual(downloads('git clone https://github.com/org/repo && cd repo'), []);
    });

    it('pinned by a later git checkout <40-hex> (also with -C, switch --detach, reset --hard) or --revision', () => {
      assert.deepEqual(pick(`git clone https://huggingface.co/org/m && cd m && git checkout ${SHA}`, 'pin'), ['pinned']);
      assert.deepEqual(pick(`git clone https://huggingface.co/org/m m\ngit -C m checkout -q ${SHA}`, 'pin'), ['pinned']);
      assert.deepEqual(pick(`git clone https://huggingface.co/org/m; git -C m switch --detach ${SHA}`, 'pin'), ['pinned']);
      assert.deepEqual(pick(`git clone https://huggingface.co/org/m; git -C m reset --hard ${SHA}`, 'pin'), ['pinned']);
      assert.deepEqual(pick(`git clone --revision=${SHA} https://huggingface.co/org/m`, 'pin'), ['pinned']);
    });

    it('unpinned, on a branch or tag, at a short hex, or at an unknown ref', () => {
      assert.deepEqual(pick('git clone https://huggingface.co/org/m', 'pin'), ['missing']);
      assert.deepEqual(pick('git clone -b v2 https://huggingface.co/org/m', 'pin'), ['mutable']);
      assert.deepEqual(pick('git clone https://huggingface.co/org/m; cd m; git checkout main', 'pin'), ['mutable']);
      assert.deepEqual(pick('git clone https://huggingface.co/org/m; cd m; git checkout 5d0f2e8', 'pin'), ['short']);
      assert.deepEqual(pick('git clone https://huggingface.co/org/m; git -C m checkout "$SHA"', 'pin'), ['unknown']);
      assert.deepEqual(pick('git checkout ' + SHA + '; git clone https://huggingface.co/org/m', 'pin'), ['missing']);
    });
  });

  describe('cloud copies', () => {
    it('gsutil cp, aws s3 cp, gcloud storage cp and azcopy copy of a model file to a local path', () => {
      assert.deepEqual(pick('gsutil -m cp gs://b/m.pt .', 'destination'), ['./m.pt']);
      assert.deepEqual(pick('gsutil cp -r gs://b/a.pkl gs://b/b.onnx models/', 'at'), ['gs://b/a.pkl', 'gs://b/b.onnx']);
      assert.deepEqual(pick('aws --profile prod s3 cp s3://b/m.pt ./w --quiet', 'tool'), ['aws s3 cp']);
      assert.deepEqual(pick('aws s3 cp --region eu-west-1 s3://b/x ./model.pt', 'destination'), ['./model.pt']);
      assert.deepEqual(pick('gcloud storage cp gs://b/m.safetensors /tmp/', 'format'), ['data']);
      assert.deepEqual(pick('gcloud alpha storage cp -r gs://b/m.h5 .', 'tool'), ['gcloud storage cp']);
      assert.deepEqual(pick('azcopy copy "https://acct.blob.core.windows.net/c/m.pt?sv=x" ./m.pt --recursive', 'tool'), ['azcopy copy']);
    });

    it('not an upload, a copy between buckets, or a non-model object', () => {
      assert.deepEqual(downloads('gsutil cp m.pt gs://b/m.pt; aws s3 cp s3://a/m.pt s3://b/m.pt; aws s3 cp s3://b/data.csv .'), []);
      assert.deepEqual(downloads('aws s3 ls s3://b/m.pt; gsutil ls gs://b/m.pt'), []);
    });

    it('azcopy --check-md5 FailIfDifferent verifies', () => {
      assert.deepEqual(pick('azcopy copy https://a.blob.core.windows.net/c/m.pt . --check-md5=FailIfDifferent', 'verified'), [true]);
    });
  });

  describe('the command line around a download', () => {
    it('sudo, env, assignments and chains', () => {
      assert.deepEqual(pick('cd /m && sudo -E env A=1 HF_TOKEN=x hf download org/m || echo fail', 'tool'), ['hf download']);
    });

    it('a variable assigned earlier on the line is read', () => {
      assert.deepEqual(pick('URL=https://h/m.pt; wget "$URL"', 'source'), ['https://h/m.pt']);
      assert.deepEqual(pick('export OUT=w.ckpt\ncurl -o $OUT "$SRC"', 'destination'), ['w.ckpt']);
    });

    it('a checksum check on the same line marks every download verified', () => {
      assert.deepEqual(pick('wget https://h/m.pt && echo "abc  m.pt" | sha256sum -c -', 'verified'), [true]);
      assert.deepEqual(pick('wget https://h/m.pt && shasum -a 256 --check m.sha', 'verified'), [true]);
      assert.deepEqual(pick('wget https://h/m.pt && sha256sum m.pt', 'verified'), [false]);
    });

    it('bash -c and sh -c bodies are read, with offsets into the outer line when written plainly', () => {
      assert.deepEqual(pick(`bash -c 'wget https://h/m.pt'`, 'at'), ['https://h/m.pt']);
      assert.deepEqual(pick(`sh -euc "hf download org/m"`, 'at'), ['org/m']);
      assert.deepEqual(pick(`bash -c "wget \\"https://h/m.pt\\""`, 'at'), [`"wget \\"https://h/m.pt\\""`]);
    });

    it('a line continuation inside a long command', () => {
      assert.deepEqual(pick('huggingface-cli download \\\n    org/m \\\n    --revision main \\\n    --local-dir m', 'at'), ['main']);
    });
  });
});
