"""Builds the model-file fixture catalogue (parser tricks, container tricks, incidents, benign
controls) into OUT/ with OUT/manifest.json: one entry per file with its expected verdict.

Usage: python make_fixtures.py OUT

The payloads are the harmless `echo FIXTURE`, but the files are real gadgets: never pickle.load
them outside a sandbox. Everything is built from bytes with the standard library, except the
controls that are better as real files (numpy, joblib, scikit-learn), made when those import.
"""
import bz2
import collections
import datetime
import decimal
import gzip
import io
import json
import lzma
import os
import pickle
import random
import struct
import sys
import tarfile
import uuid
import zipfile
import zlib

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
MANIFEST = []
CMD = 'echo FIXTURE'


def add(id_, name, data, expect, kind, notes='', inconclusive=None):
    """expect: dangerous | suspicious | clean; inconclusive: True/False or None (either)."""
    path = os.path.join(OUT, name)
    with open(path, 'wb') as f:
        f.write(data)
    MANIFEST.append({'id': id_, 'file': name, 'expect': expect, 'kind': kind, 'notes': notes, 'inconclusive': inconclusive})


# ---- opcode helpers -------------------------------------------------------------------------

def su(s):
    b = s.encode()
    return b'\x8c' + bytes([len(b)]) + b if len(b) < 256 else b'X' + struct.pack('<I', len(b)) + b


def sg(mod, name):
    return su(mod) + b'\x94' + su(name) + b'\x94\x93\x94'


def gadget(mod, name, arg=CMD):
    return b'\x80\x04' + sg(mod, name) + su(arg) + b'\x85R.'


MAL = gadget('os', 'system')

# ---- G: one gadget per deny-list entry (policy file next to the scanner) -------------------

POLICY = json.load(open(os.path.join(os.path.dirname(__file__), '..', '..', '..', 'server', 'src', 'artifacts', 'data', 'globals_policy.json')))
REPRESENTATIVE = {'os': 'system', 'posix': 'system', 'nt': 'system', 'subprocess': 'check_output', 'sys': 'exit', 'runpy': 'run_path', 'code': 'InteractiveInterpreter', 'importlib': 'import_module', 'pkgutil': 'resolve_name', 'marshal': 'loads', 'pickle': 'loads', 'socket': 'create_connection', 'shutil': 'rmtree', 'pip': 'main', 'asyncio': 'unix_events._UnixSubprocessTransport._start'}
g = 0
for tier in ('critical', 'high'):
    for mod, names in POLICY[tier].items():
        if mod.startswith('_'):
            continue
        picks = [REPRESENTATIVE.get(mod, 'run')] if names == '*' else names[:3]
        for name in picks:
            # Safe in allow-listed company (PyTorch's weights_only list); what they are given decides (P33b).
            conditional = f'{mod}.{name}' in ('torch.storage._load_from_bytes', 'torch._tensor._rebuild_from_type_v2')
            add(f'G{g:03d}', f'G{g:03d}_{mod}.{name}.pkl'.replace('/', '_'), gadget(mod, name), 'clean' if conditional else 'dangerous', 'gadget', f'{tier}: {mod}.{name}', False)
            g += 1
# modelscan #338 (real Hugging Face models)
for mod, name in [('mlflow.projects.backend.local', '_run_entry_point'), ('pandas', 'read_csv'), ('multiprocessing.util', 'spawnv_passfds')]:
    add(f'G{g:03d}', f'G{g:03d}_{mod}.{name}.pkl', gadget(mod, name), 'dangerous', 'gadget', 'modelscan #338', False)
    g += 1
# Imports that only have side effects, and code from the pickling script itself: unknown, not dangerous.
add('G900', 'G900_this.pkl', b'\x80\x04' + sg('this', 'x') + b'.', 'suspicious', 'gadget', 'import side effect only')
add('G901', 'G901_main_class.pkl', b'\x80\x04' + sg('__main__', 'Payload') + b')\x81.', 'suspicious', 'gadget', 'a class of the pickling script')

# ---- P: parser and VM tricks ----------------------------------------------------------------

add('P05', 'P05_memo_out_of_order.pkl', b'Vsystem\np3\n0Vos\np2\n0g2\ng3\n\x93(V' + CMD.encode() + b'\ntR.', 'dangerous', 'parser', 'memo keys out of order, STACK_GLOBAL from GETs', False)
add('P06', 'P06_put_memoize_mixed.pkl', b'\x80\x04U\x02osq\x00U\x06systemq\x01' + su('a') + b'\x94' + su('b') + b'\x940000h\x00h\x01\x93' + su(CMD) + b'\x85R.', 'dangerous', 'parser', 'MEMOIZE writes keys 2 and 3 after BINPUT 0, 1', False)
add('P07', 'P07_string_operands.pkl', b"S'os'\nS'system'\n\x93S'" + CMD.encode() + b"'\n\x85R.", 'dangerous', 'parser', 'STRING operands, no PROTO', False)
add('P09', 'P09_escaped_operands.pkl', b"V\\u006fs\nS'\\x73ystem'\n\x93S'" + CMD.encode() + b"'\n\x85R.", 'dangerous', 'parser', 'raw-unicode-escape and \\x escapes', False)
add('P10', 'P10_inst.pkl', b"(S'" + CMD.encode() + b"'\nios\nsystem\n.", 'dangerous', 'parser', 'INST', False)
add('P11', 'P11_obj_pop.pkl', b'\x80\x04(' + sg('smtplib', 'SMTP') + su('localhost') + b'o0N.', 'dangerous', 'parser', 'OBJ result discarded', False)
add('P12', 'P12_newobj.pkl', b'\x80\x04' + sg('subprocess', 'Popen') + su(CMD) + b'\x85\x81.', 'dangerous', 'parser', 'NEWOBJ', False)
add('P13', 'P13_newobj_ex.pkl', b'\x80\x04' + sg('subprocess', 'Popen') + su(CMD) + b'\x85}\x92.', 'dangerous', 'parser', 'NEWOBJ_EX', False)
add('P14', 'P14_ext1.pkl', b'\x80\x02\x82\x01U\x0c' + CMD.encode() + b'\x85R.', 'suspicious', 'parser', 'EXT1 (empty copyreg registry)')
add('P15', 'P15_payload_then_garbage.pkl', MAL[:-1] + b'\xff\xfe\xfd', 'dangerous', 'parser', 'no STOP, garbage', True)
add('P16', 'P16_payload_then_eof.pkl', MAL[:-1], 'dangerous', 'parser', 'truncated after the payload', True)
benign = pickle.dumps({'weights': [1.0, 2.0]}, protocol=4)
add('P17', 'P17_second_pickle.pkl', benign + MAL, 'dangerous', 'parser', 'a second pickle after a benign one')
add('P18', 'P18_junk_between.pkl', benign + b'\n\n\t\t\x00' + MAL, 'dangerous', 'parser', 'junk between pickles')
add('P19', 'P19_memo_keyerror.pkl', b'\x80\x04' + sg('os', 'system') + su(CMD) + b'\x85R0' + su('x') + b'\x94h\x09h\x00\x93.', 'dangerous', 'parser', 'memo KeyError after the payload')
add('P20', 'P20_int_in_memo.pkl', b'\x80\x04' + sg('os', 'system') + su(CMD) + b'\x85R0K\x05\x94' + su('y') + b'\x94h\x06h\x07\x93.', 'dangerous', 'parser', 'an int as STACK_GLOBAL operand')
add('P20b', 'P20b_unresolved_only.pkl', b'\x80\x04K\x05\x94' + su('system') + b'\x93' + su(CMD) + b'\x85R.', 'dangerous', 'parser', 'only an unresolvable STACK_GLOBAL', None)
add('P21', 'P21_dotted_pathlib_os.pkl', gadget('pathlib', 'os.system'), 'dangerous', 'parser', 'dotted name through pathlib', False)
add('P22', 'P22_dunder_walk.pkl', b'\x80\x04' + sg('collections', 'OrderedDict.__init__.__globals__') + b'.', 'dangerous', 'parser', 'dunder walk from an allow-listed class', False)
add('P23', 'P23_late_proto.pkl', b'N0\x80\x04clogging\nos.system\n' + su(CMD) + b'\x85R.', 'dangerous', 'parser', 'late PROTO, dotted GLOBAL', False)
add('P24', 'P24_py2_urllib2.pkl', b"curllib2\nurlopen\nS'http://example.invalid/'\n\x85R.", 'dangerous', 'parser', 'Python 2 name', False)
add('P25', 'P25_py2_commands.pkl', b"ccommands\ngetoutput\nS'" + CMD.encode() + b"'\n\x85R.", 'dangerous', 'parser', 'commands -> subprocess', False)
add('P26', 'P26_py2_reduce.pkl', b"c__builtin__\nreduce\n(c__builtin__\nsum\n(I1\nI2\nltR.", 'dangerous', 'parser', '__builtin__.reduce -> functools.reduce', False)
add('P27', 'P27_import_getattr.pkl', b'\x80\x04' + sg('builtins', 'getattr') + sg('builtins', '__import__') + su('os') + b'\x85R' + su('system') + b'\x86R' + su(CMD) + b'\x85R.', 'dangerous', 'parser', '__import__ + getattr', False)
add('P28', 'P28_methodcaller.pkl', b'\x80\x04' + sg('_operator', 'methodcaller') + su('system') + su(CMD) + b'\x86R' + sg('builtins', '__import__') + su('os') + b'\x85R\x85R.', 'dangerous', 'parser', '_operator.methodcaller', False)
add('P29', 'P29_attrgetter.pkl', b'\x80\x04' + sg('operator', 'attrgetter') + su('system') + b'\x85R' + sg('builtins', '__import__') + su('os') + b'\x85R\x85R' + su(CMD) + b'\x85R.', 'dangerous', 'parser', 'operator.attrgetter then a dynamic call', False)
add('P30', 'P30_partial.pkl', b'\x80\x04' + sg('functools', 'partial') + sg('os', 'system') + su(CMD) + b'\x86R)R.', 'dangerous', 'parser', 'functools.partial', False)
add('P31', 'P31_resolve_name.pkl', b'\x80\x04' + sg('pkgutil', 'resolve_name') + su('os:system') + b'\x85R' + su(CMD) + b'\x85R.', 'dangerous', 'parser', 'pkgutil.resolve_name', False)
add('P32', 'P32_import_module.pkl', b'\x80\x04' + sg('importlib', 'import_module') + su('os') + b'\x85R.', 'dangerous', 'parser', 'importlib.import_module', False)
add('P33', 'P33_nested_loads.pkl', b'\x80\x04' + sg('pickle', 'loads') + b'C' + bytes([len(MAL)]) + MAL + b'\x85R.', 'dangerous', 'parser', 'nested pickle.loads(bytes)', False)
add('P33b', 'P33b_nested_benign_loader_args.pkl', b'\x80\x04' + sg('torch.storage', '_load_from_bytes') + b'C' + bytes([len(MAL)]) + MAL + b'\x85R.', 'dangerous', 'parser', 'nested torch.storage._load_from_bytes with a malicious pickle', False)
add('P34', 'P34_codetype.pkl', gadget('types', 'CodeType'), 'dangerous', 'parser', 'types.CodeType', False)
add('P35', 'P35_cloudpickle.pkl', gadget('cloudpickle.cloudpickle', '_make_function'), 'dangerous', 'parser', 'cloudpickle._make_function', False)
add('P36', 'P36_marshal.pkl', gadget('marshal', 'loads'), 'dangerous', 'parser', 'marshal.loads', False)
hidden = b'cos\nsystem\n' + su(CMD) + b'\x85R0'
frame = b'B' + struct.pack('<I', 0x107) + b'\x00' * 5
add('P37', 'P37_frame_divergence.pkl', b'\x80\x04\x95' + struct.pack('<Q', 2) + frame + b'\x00' * (0x107 - 5) + b'B' + struct.pack('<I', len(hidden)) + hidden + b'0N.', 'dangerous', 'parser', 'BINBYTES crossing a 2-byte FRAME; a hidden GLOBAL follows the frame end')
add('P38', 'P38_opcode_crosses_frame.pkl', b'\x80\x05\x95' + struct.pack('<Q', 4) + b'cos\nsystem\n' + su(CMD) + b'\x85R.', 'dangerous', 'parser', 'GLOBAL crossing its frame', False)
add('P39', 'P39_build_then_dotted.pkl', b'\x80\x04' + sg('numpy', 'prod') + b'}' + su('a') + su('os') + b'sb0' + sg('numpy', 'prod.a') + su('system') + b'\x93' + su(CMD) + b'\x85R.', 'dangerous', 'parser', 'BUILD on a global, then its attribute as a STACK_GLOBAL operand')
add('P40', 'P40_numpy_builtins.pkl', b'\x80\x04' + sg('numpy', '__builtins__') + su('eval') + b'\x86.', 'dangerous', 'parser', 'numpy.__builtins__', False)
pad = b''.join(b'(' + su('x') + b'0' + b'1' for _ in range(200))
add('P41', 'P41_memo_late_use.pkl', b'\x80\x04' + sg('os', 'system') + b'0' + pad + b'h\x02' + su(CMD) + b'\x85R.', 'dangerous', 'parser', 'callable memoised, used 200 ops later', False)

# ---- R: robustness --------------------------------------------------------------------------

rnd = random.Random(4)
add('R01', 'R01_empty.pkl', b'', 'suspicious', 'robustness', 'empty file', True)
add('R02', 'R02_lone_stop.pkl', b'.', 'suspicious', 'robustness', 'STOP with an empty stack', True)
add('R03', 'R03_invalid_utf8_global.pkl', b'c\xff\xfe\nsystem\n.', 'suspicious', 'robustness', 'GLOBAL with invalid UTF-8', True)
add('R04', 'R04_random.pkl', bytes([0x80, 0x04]) + bytes(rnd.getrandbits(8) for _ in range(4096)), 'suspicious', 'robustness', 'random bytes after PROTO', None)
add('R05', 'R05_huge_length.pkl', b'\x80\x04\x8d' + struct.pack('<Q', 2 ** 62) + b'abc', 'suspicious', 'robustness', 'a 2^62 length field', True)
add('R06', 'R06_200k_marks.pkl', b'\x80\x04' + b'(' * 200_000 + b'.', 'suspicious', 'robustness', '200k MARKs', True)
dag = b'\x80\x04' + su('x') + b'\x94'
for i in range(40):
    dag += b'h' + bytes([i]) + b'h' + bytes([i]) + b'\x86\x94'
add('R07', 'R07_memo_dag.pkl', dag + b'.', 'suspicious', 'robustness', '40 levels of (x, x) through the memo', False)
add('R08', 'R08_many_ops.pkl', pickle.dumps(list(range(1_100_000)), protocol=4), 'clean', 'robustness', 'a 1.1M-opcode benign list', False)

# ---- B: benign controls ---------------------------------------------------------------------

add('B01', 'B01_plain.pkl', pickle.dumps({'a': [1, 2.5, 'x', None, True], 'b': (1, 2), 'c': {1, 2}}, protocol=5), 'clean', 'benign', 'plain data', False)
add('B02', 'B02_proto2_bytes.pkl', pickle.dumps({'raw': b'\x00\x01', 'r': range(3), 'set': {1}}, protocol=2), 'clean', 'benign', 'protocol 2 with _codecs.encode', False)
add('B03', 'B03_stdlib_types.pkl', pickle.dumps([collections.OrderedDict(a=1), datetime.datetime(2020, 1, 1), decimal.Decimal('1.5'), uuid.UUID(int=5), collections.Counter('aab')], protocol=4), 'clean', 'benign', 'OrderedDict, datetime, Decimal, UUID, Counter', False)
tensor = (b'\x80\x02ccollections\nOrderedDict\nq\x00)Rq\x01X\x06\x00\x00\x00weightq\x02ctorch._utils\n_rebuild_tensor_v2\nq\x03((X\x07\x00\x00\x00storageq\x04ctorch\nFloatStorage\nq\x05X\x01\x00\x00\x000q\x06X\x03\x00\x00\x00cpuq\x07K\x04tq\x08QK\x00K\x04\x85K\x01\x85\x89h\x00)Rq\ttq\nRq\x0bs.')
add('B04', 'B04_state_dict.pkl', tensor, 'clean', 'benign', 'a torch state_dict pickle (_rebuild_tensor_v2 + BINPERSID)', False)
add('B05', 'B05_mentions_os_system.pkl', pickle.dumps({'note': 'never call os.system here', 'cos\nsystem\n': 1}, protocol=4), 'clean', 'benign', 'a string that merely mentions os.system', False)
add('B06', 'B06_proto0_objects.pkl', pickle.dumps([collections.OrderedDict(a=1), datetime.date(2020, 1, 2)], protocol=0), 'clean', 'benign', 'protocol 0 copyreg', False)
add('B07', 'B07_py2_xrange.pkl', b'c__builtin__\nxrange\n(I0\nI3\ntR.', 'clean', 'benign', 'a Python 2 name that maps to builtins.range', False)

# ---- C: containers and loaders --------------------------------------------------------------

def crc(data):
    return zlib.crc32(data) & 0xffffffff


def raw_zip(members, flags=0, bad_crc=False, local_names=None, method=0, prefix=b''):
    """A zip built by hand, so flags, CRCs and local names can lie."""
    out = bytearray(prefix)
    central = bytearray()
    for i, (name, data) in enumerate(members):
        nb = name.encode()
        lnb = (local_names or {}).get(name, name).encode()
        body = data
        if method == 8:
            c = zlib.compressobj(6, zlib.DEFLATED, -15)
            body = c.compress(data) + c.flush()
        c32 = 0xDEADBEEF if bad_crc else crc(data)
        off = len(out) - len(prefix)
        out += struct.pack('<IHHHHHIIIHH', 0x04034b50, 20, flags, method, 0, 0, c32, len(body), len(data), len(lnb), 0) + lnb + body
        central += struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 20, 20, flags, method, 0, 0, c32, len(body), len(data), len(nb), 0, 0, 0, 0, 0, off) + nb
    cd_off = len(out) - len(prefix)
    out += central
    out += struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, len(members), len(members), len(central), cd_off, 0)
    return bytes(out)


def torch_members(pkl, root='archive'):
    return [(f'{root}/data.pkl', pkl), (f'{root}/byteorder', b'little'), (f'{root}/data/0', struct.pack('<4f', 1, 2, 3, 4)), (f'{root}/version', b'3\n'), (f'{root}/.data/version', b'3\n'), (f'{root}/.data/serialization_id', b'1234567890\n')]


add('C01', 'C01_torch_malicious.pt', raw_zip(torch_members(MAL)), 'dangerous', 'container', 'torch zip with a payload', False)
add('C02', 'C02_torch_benign.pt', raw_zip(torch_members(tensor)), 'clean', 'container', 'torch zip, benign state_dict', False)
add('C03', 'C03_torch_custom_root.pt', raw_zip(torch_members(MAL, root='weird_root')), 'dangerous', 'container', 'custom root folder', False)
add('C04', 'C04_zip_flags.pt', raw_zip(torch_members(MAL), flags=0x61), 'dangerous', 'container', 'flag bits 0x1, 0x20, 0x40', False)
add('C05', 'C05_local_name.pt', raw_zip(torch_members(MAL), local_names={'archive/data.pkl': 'archive/datap.kl'}), 'dangerous', 'container', 'local name differs from central name', False)
add('C06', 'C06_bad_crc.pt', raw_zip(torch_members(MAL), bad_crc=True), 'dangerous', 'container', 'CRC 0xDEADBEEF', False)
corrupt = raw_zip([('archive/aaa.pkl', b'x' * 100)] + torch_members(MAL), method=0)
# Turn the first member into a "deflated" member whose data is garbage.
corrupt = corrupt.replace(struct.pack('<HH', 0, 0) + struct.pack('<I', crc(b'x' * 100)), struct.pack('<HH', 8, 0) + struct.pack('<I', crc(b'x' * 100)))
add('C07', 'C07_corrupt_member_first.pt', corrupt, 'dangerous', 'container', 'a corrupt member before data.pkl')
add('C08', 'C08_pickle_non_pickle_name.zip', raw_zip([('weights/config.txt', MAL), ('weights/blob', MAL)]), 'dangerous', 'container', 'pickles under non-pickle names', False)
add('C09', 'C09_nested_zip.zip', raw_zip([('inner.pt', raw_zip(torch_members(MAL)))]), 'dangerous', 'container', 'zip in a zip', False)
add('C10', 'C10_raw_pickle.bin', MAL, 'dangerous', 'container', 'raw pickle named .bin', False)
add('C10b', 'C10b_raw_pickle.pt', MAL, 'dangerous', 'container', 'raw pickle named .pt', False)
MAGIC = pickle.dumps(0x1950A86A20F9469CFC6C, protocol=2)
legacy_tail = pickle.dumps(1001, protocol=2) + pickle.dumps({'protocol_version': 1001, 'little_endian': True}, protocol=2)
add('C11', 'C11_legacy_magic_eval.pt', b'\x80\x02' + b'c__builtin__\neval\n' + su('0x1950A86A20F9469CFC6C') + b'\x85R.' + legacy_tail + tensor + pickle.dumps(['0'], protocol=2), 'dangerous', 'container', 'legacy magic computed by eval', False)
add('C12', 'C12_legacy_main.pt', MAGIC + legacy_tail + MAL + pickle.dumps(['0'], protocol=2) + struct.pack('<4f', 1, 2, 3, 4), 'dangerous', 'container', 'legacy: payload in the main pickle', False)
add('C13', 'C13_legacy_keys.pt', MAGIC + legacy_tail + tensor + MAL + struct.pack('<4f', 1, 2, 3, 4), 'dangerous', 'container', 'legacy: payload in the keys pickle', False)
tbuf = io.BytesIO()
with tarfile.open(fileobj=tbuf, mode='w', format=tarfile.PAX_FORMAT) as tar:
    for name, data in [('sys_info', pickle.dumps({'protocol_version': 1000}, protocol=2)), ('pickle', MAL), ('storages', pickle.dumps(0, protocol=2)), ('tensors', pickle.dumps(0, protocol=2))]:
        info = tarfile.TarInfo(name)
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
add('C14', 'C14_legacy_tar.pt', tbuf.getvalue(), 'dangerous', 'container', 'legacy tar checkpoint', False)
add('C15', 'C15_polyglot.pkl', MAL + raw_zip(torch_members(tensor)), 'dangerous', 'container', 'pickle at 0 plus a zip', False)
add('C15b', 'C15b_polyglot.pt', MAL + raw_zip(torch_members(tensor)), 'dangerous', 'container', 'pickle at 0 plus a zip, .pt', False)
add('C16', 'C16_duplicate_names.pt', raw_zip(torch_members(tensor) + [('archive/data.pkl', MAL)]), 'dangerous', 'container', 'duplicate central names', False)
decoy = raw_zip([('archive/data.pkl', tensor)])
real = raw_zip(torch_members(MAL))
# A benign local entry first, then the real archive whose offsets are shifted past it.
decoy_local = decoy[:decoy.index(b'PK\x01\x02')]
shifted = bytearray(real)
cd = real.index(b'PK\x01\x02')
i = cd
while True:
    j = shifted.find(b'PK\x01\x02', i)
    if j < 0:
        break
    off = struct.unpack_from('<I', shifted, j + 42)[0]
    struct.pack_into('<I', shifted, j + 42, off + len(decoy_local))
    i = j + 4
eocd = shifted.rfind(b'PK\x05\x06')
struct.pack_into('<I', shifted, eocd + 16, struct.unpack_from('<I', shifted, eocd + 16)[0] + len(decoy_local))
add('C17', 'C17_decoy_local.pt', decoy_local + bytes(shifted), 'dangerous', 'container', 'a local header not in the central directory', False)


add('C18', 'C18_torch_package.pt', raw_zip([('model/.data/version', b'6\n'), ('model/.data/extern_modules', b'torch\n'), ('model/evil/__init__.py', b'import os\nos.system("echo FIXTURE")\n'), ('model/model/model.pkl', tensor)]), 'dangerous', 'container', 'torch.package with Python sources', False)
add('C19', 'C19_torchserve.mar', raw_zip([('MAR-INF/MANIFEST.json', b'{"model": {"handler": "handler.py"}}'), ('handler.py', b'import os\n'), ('model.pt', raw_zip(torch_members(tensor)))]), 'dangerous', 'container', 'TorchServe archive with a handler', False)


def npy(descr, body, shape='(1,)', version=1):
    header = ("{'descr': %s, 'fortran_order': False, 'shape': %s, }" % (descr, shape)).encode('latin1')
    pre = 10 if version == 1 else 12
    header += b' ' * ((64 - (pre + len(header) + 1) % 64) % 64) + b'\n'
    ln = struct.pack('<H', len(header)) if version == 1 else struct.pack('<I', len(header))
    return b'\x93NUMPY' + bytes([version, 0]) + ln + header + body


add('C20', 'C20_npy_object.npy', npy("'|O'", MAL), 'dangerous', 'container', 'npy object array v1.0', False)
add('C21', 'C21_npy_structured.npy', npy("[('a', '<f8'), ('b', '|O')]", MAL, version=2), 'dangerous', 'container', 'structured dtype with an object field, v2.0', False)
add('C22', 'C22_npy_no_magic.npy', MAL, 'dangerous', 'container', 'no magic: numpy.load falls back to pickle', False)
add('C23', 'C23_npy_float_opcodes.npy', npy("'<f8'", b'cos\nsystem\n' + b'\x00' * 5, shape='(2,)'), 'clean', 'container', 'float data containing opcode bytes', False)
add('C24', 'C24_npz_deflated.npz', raw_zip([('arr_0.npy', npy("'|O'", MAL))], method=8), 'dangerous', 'container', 'npz with a deflated object member', False)
add('C25', 'C25_npz_extra.npz', raw_zip([('arr_0.npy', npy("'<f8'", b'\x00' * 8)), ('payload.pkl', MAL)]), 'dangerous', 'container', 'npz with an extra pickle member', False)

# joblib: NumpyArrayWrapper + alignment padding + raw array, then the payload (C30).
def joblib_wrapper(shape, typestr, raw, tail):
    p = b'\x80\x04' + sg('joblib.numpy_pickle', 'NumpyArrayWrapper') + b')\x81}('
    p += su('subclass') + sg('numpy', 'ndarray') + su('shape') + b'K' + bytes([shape]) + b'\x85'
    p += su('order') + su('C') + su('dtype') + sg('numpy', 'dtype') + su(typestr) + b'\x89\x88\x87R(K\x03' + su('<') + b'NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb'
    p += su('allow_mmap') + b'\x88' + su('numpy_array_alignment_bytes') + b'K\x10ub'
    pad = 16 - (len(p) + 1) % 16
    return p + bytes([pad]) + b'\xff' * pad + raw + tail


add('C30', 'C30_joblib_payload_after_array.joblib', joblib_wrapper(4, 'f8', b'cos\nsystem\n'.ljust(32, b'\x00'), b'0' + sg('os', 'system') + su(CMD) + b'\x85R.'), 'dangerous', 'container', 'payload after the raw array', False)
add('C31', 'C31_joblib_benign_twin.joblib', joblib_wrapper(4, 'f8', b'cos\nsystem\n'.ljust(32, b'\x00'), b'.'), 'clean', 'container', 'the benign twin: raw bytes that look like opcodes', False)
add('C32', 'C32_joblib_zlib.joblib', zlib.compress(MAL), 'dangerous', 'container', 'zlib', False)
add('C33', 'C33_joblib_gzip.joblib', gzip.compress(MAL), 'dangerous', 'container', 'gzip', False)
add('C34', 'C34_joblib_bz2.joblib', bz2.compress(MAL), 'dangerous', 'container', 'bz2')
add('C35', 'C35_joblib_xz.joblib', lzma.compress(MAL, format=lzma.FORMAT_XZ), 'dangerous', 'container', 'xz')
add('C36', 'C36_joblib_lzma.joblib', lzma.compress(MAL, format=lzma.FORMAT_ALONE), 'dangerous', 'container', 'lzma (alone)')
add('C37', 'C37_joblib_zf.joblib', b'ZF' + hex(len(MAL)).encode().ljust(19) + zlib.compress(MAL), 'dangerous', 'container', 'joblib < 0.9.3 ZF', False)
add('C38', 'C38_gzip_pickle.pkl.gz', gzip.compress(MAL), 'dangerous', 'container', 'gzip-wrapped pickle', False)

# ---- K, S: Keras and safetensors ------------------------------------------------------------

lambda_cfg = {'class_name': 'Sequential', 'config': {'layers': [{'class_name': 'Lambda', 'module': 'keras.layers', 'config': {'name': 'lambda', 'function': {'class_name': '__lambda__', 'config': {'code': '4wEAAAAAAAAA', 'defaults': None, 'closure': None}}}}]}}
add('K01', 'K01_keras_lambda.keras', raw_zip([('metadata.json', b'{"keras_version": "3.3.3"}'), ('config.json', json.dumps(lambda_cfg).encode()), ('model.weights.h5', b'\x89HDF\r\n\x1a\n')]), 'dangerous', 'keras', 'Lambda layer with marshalled code', False)
foreign = {'module': 'builtins', 'class_name': 'function', 'config': 'exec', 'registered_name': 'function', 'inner': {'class_name': 'enable_unsafe_deserialization', 'module': 'keras.config'}}
add('K02', 'K02_keras_foreign_module.keras', raw_zip([('metadata.json', b'{}'), ('config.json', json.dumps(foreign).encode()), ('model.weights.h5', b'')]), 'dangerous', 'keras', 'module builtins, enable_unsafe_deserialization', False)
safe_keras = {'class_name': 'Sequential', 'module': 'keras', 'config': {'layers': [{'class_name': 'Dense', 'module': 'keras.layers', 'config': {'name': 'dense', 'units': 2}}]}}
add('K03', 'K03_keras_benign.keras', raw_zip([('metadata.json', b'{}'), ('config.json', json.dumps(safe_keras).encode()), ('model.weights.h5', b'')]), 'clean', 'keras', 'a Dense layer', False)


def safetensors(header, data):
    h = json.dumps(header).encode()
    return struct.pack('<Q', len(h)) + h + data


add('S01', 'S01_valid.safetensors', safetensors({'w': {'dtype': 'F32', 'shape': [2], 'data_offsets': [0, 8]}, '__metadata__': {'format': 'pt'}}, b'\x00' * 8), 'clean', 'safetensors', 'valid', False)
add('S02', 'S02_header_too_long.safetensors', struct.pack('<Q', 10_000) + b'{"w": 1}', 'suspicious', 'safetensors', 'header length past the end: not safetensors by content and not a pickle, so inconclusive', True)
add('S03', 'S03_overlap.safetensors', safetensors({'a': {'dtype': 'F32', 'shape': [2], 'data_offsets': [0, 8]}, 'b': {'dtype': 'F32', 'shape': [2], 'data_offsets': [4, 12]}}, b'\x00' * 12), 'suspicious', 'safetensors', 'overlapping offsets', False)
add('S04', 'S04_pickle_named_safetensors.safetensors', MAL, 'dangerous', 'safetensors', 'a pickle named .safetensors', False)

# ---- O, T: protobuf models (hand-encoded, no schema needed) ---------------------------------

def varint(n):
    out = b''
    while True:
        b = n & 0x7f
        n >>= 7
        out += bytes([b | (0x80 if n else 0)])
        if not n:
            return out


def fld(no, value):
    if isinstance(value, int):
        return varint(no << 3) + varint(value)
    if isinstance(value, str):
        value = value.encode()
    return varint(no << 3 | 2) + varint(len(value)) + value


ext = fld(8, 'w') + fld(13, fld(1, 'location') + fld(2, '../../../../../etc/passwd')) + fld(14, 1)
onnx_graph = fld(1, fld(4, 'PyOp') + fld(7, 'ai.onnx.contrib')) + fld(5, ext)
add('O01', 'O01_onnx_traversal_pyop.onnx', fld(1, 8) + fld(7, onnx_graph), 'dangerous', 'protobuf', 'external_data ../ and a PyOp node', False)
add('O02', 'O02_onnx_benign.onnx', fld(1, 8) + fld(7, fld(1, fld(4, 'Relu')) + fld(5, fld(8, 'w') + fld(13, fld(1, 'location') + fld(2, 'weights.bin')))), 'clean', 'protobuf', 'a Relu node, external data beside the model', False)
tf_nodes = b''.join(fld(1, fld(1, f'n{i}') + fld(2, op)) for i, op in enumerate(['ReadFile', 'WriteFile', 'PyFunc', 'MatMul']))
os.makedirs(os.path.join(OUT, 'T01'), exist_ok=True)
add('T01', 'T01/saved_model.pb', fld(1, 1) + fld(2, fld(2, tf_nodes)), 'dangerous', 'protobuf', 'SavedModel with ReadFile, WriteFile, PyFunc', False)
os.makedirs(os.path.join(OUT, 'T02'), exist_ok=True)
add('T02', 'T02/saved_model.pb', fld(1, 1) + fld(2, fld(2, fld(1, fld(1, 'n') + fld(2, 'MatMul')))), 'clean', 'protobuf', 'SavedModel with a MatMul', False)

# ---- real files from real libraries (when installed) ----------------------------------------

try:
    import numpy as np
    buf = io.BytesIO()
    np.save(buf, np.array([1, 'a', None], dtype=object), allow_pickle=True)
    add('N01', 'N01_numpy_object_real.npy', buf.getvalue(), 'clean', 'real', 'numpy object array (numpy.save)', False)
    buf = io.BytesIO()
    np.save(buf, np.arange(1000, dtype='<f8'))
    add('N02', 'N02_numpy_float_real.npy', buf.getvalue(), 'clean', 'real', 'numpy float array', False)
    add('N03', 'N03_numpy_pickled_array.pkl', pickle.dumps({'a': np.arange(10), 'b': np.float32(1.5)}, protocol=4), 'clean', 'real', 'numpy arrays pickled', False)
    buf = io.BytesIO()
    np.savez_compressed(buf, a=np.arange(100), b=np.array([{'k': 1}], dtype=object))
    add('N04', 'N04_numpy_npz_real.npz', buf.getvalue(), 'clean', 'real', 'npz, compressed, with an object array', False)
except ImportError:
    pass
try:
    import joblib
    import numpy as np
    data = {'w': np.arange(100, dtype='<f8'), 'i': np.arange(7, dtype='<i4'), 'obj': np.array([1, 'x'], dtype=object), 'cols': ['a', 'b']}
    for comp, suffix in [(0, 'raw'), (('zlib', 3), 'zlib'), (('gzip', 3), 'gzip'), (('bz2', 3), 'bz2'), (('xz', 3), 'xz'), (('lzma', 3), 'lzma')]:
        path = os.path.join(OUT, f'J_{suffix}.joblib')
        joblib.dump(data, path, compress=comp)
        MANIFEST.append({'id': f'J_{suffix}', 'file': f'J_{suffix}.joblib', 'expect': 'clean', 'kind': 'real', 'notes': f'joblib.dump, compress={comp}', 'inconclusive': False})
except ImportError:
    pass
try:
    import joblib
    from sklearn.linear_model import LogisticRegression
    import numpy as np
    model = LogisticRegression().fit(np.array([[0.0], [1.0], [2.0], [3.0]]), [0, 0, 1, 1])
    path = os.path.join(OUT, 'SK01_sklearn.joblib')
    joblib.dump(model, path)
    MANIFEST.append({'id': 'SK01', 'file': 'SK01_sklearn.joblib', 'expect': 'suspicious', 'kind': 'real', 'notes': 'scikit-learn classes are not on the default allow-list (MLH402)', 'inconclusive': False})
except ImportError:
    pass

try:
    import h5py
    import numpy as np

    def keras_h5(id_, name, cfg, expect, notes, libver='earliest', vlen=False, extra=0, inconclusive=False):
        """A legacy Keras .h5 model as Keras writes it: JSON configurations in root attributes."""
        path = os.path.join(OUT, name)
        with h5py.File(path, 'w', libver=libver) as f:
            f.attrs['backend'] = b'tensorflow'
            f.attrs['keras_version'] = b'2.12.0'
            for i in range(extra):
                f.attrs[f'extra{i}'] = np.arange(3)
            if cfg is not None:
                text = json.dumps(cfg)
                f.attrs['model_config'] = text if vlen else text.encode('utf8')
                f.attrs['training_config'] = json.dumps({'loss': 'mse', 'optimizer_config': {'class_name': 'Adam'}}).encode('utf8')
            f.create_dataset('model_weights/dense/kernel:0', data=np.ones((4, 2), dtype='float32'))
        MANIFEST.append({'id': id_, 'file': name, 'expect': expect, 'kind': 'keras-h5', 'notes': notes, 'inconclusive': inconclusive})

    h5_lambda = {'class_name': 'Sequential', 'config': {'name': 'seq', 'layers': [
        {'class_name': 'Dense', 'config': {'name': 'dense', 'units': 2}},
        {'class_name': 'Lambda', 'config': {'name': 'payload', 'function': ['4wEAAAAAAAAAAAAAAAEAAAAEAAAAQwAAAHMM', None, None], 'function_type': 'lambda'}}]}}
    h5_dense = {'class_name': 'Sequential', 'config': {'name': 'seq', 'layers': [{'class_name': 'Dense', 'config': {'name': 'dense', 'units': 2}}]}}
    h5_foreign = {'class_name': 'Sequential', 'config': {'layers': [{'module': 'builtins', 'class_name': 'function', 'config': 'exec', 'registered_name': 'function'}]}}
    keras_h5('H01', 'H01_keras_lambda.h5', h5_lambda, 'dangerous', 'legacy .h5 with a Lambda layer (h5py, superblock 0)')
    keras_h5('H02', 'H02_keras_lambda_latest.h5', h5_lambda, 'dangerous', 'the same with libver=latest (superblock 3, object header 2)', libver='latest')
    keras_h5('H03', 'H03_keras_lambda_vlen.h5', h5_lambda, 'dangerous', 'model_config as a variable-length string (global heap)', vlen=True)
    keras_h5('H04', 'H04_keras_dense.h5', h5_dense, 'clean', 'legacy .h5 with a Dense layer only')
    keras_h5('H05', 'H05_keras_foreign.h5', h5_foreign, 'dangerous', 'a config naming builtins.exec')
    keras_h5('H06', 'H06_weights_only.h5', None, 'clean', 'weights only: no model_config')
    keras_h5('H07', 'H07_keras_lambda_dense_attrs.h5', h5_lambda, 'dangerous', 'twelve more attributes: dense attribute storage (fractal heap, B-tree)', libver='latest', extra=12)
    keras_h5('H08', 'H08_keras_dense_many_attrs.h5', h5_dense, 'clean', 'three hundred attributes: a name index of two levels, not read', libver='latest', extra=300, inconclusive=True)
except ImportError:
    pass

with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
    json.dump(MANIFEST, f, indent=1)
print(len(MANIFEST))
