import type { Source } from './source';

/**
 * The attributes of an HDF5 file's root group, read from the file's own structures (superblock
 * versions 0–3, object headers 1 and 2 with their continuation blocks, attribute messages 1–3,
 * fixed- and variable-length strings): a legacy Keras `.h5` model keeps its architecture in the
 * `model_config` attribute, where a Lambda layer's marshalled bytecode sits. Only what that needs
 * is read, dense attribute storage included when its index and heap are one block each;
 * anything else (deeper indexes, shared datatypes) is reported as not read.
 */
export interface Hdf5Attributes {
  /** String attributes by name (UTF-8 text). */
  strings: Map<string, string>;
  /** Why some attributes could not be read, if so. */
  problem?: string;
}

const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const MSG_ATTRIBUTE = 0x000c;
const MSG_CONTINUATION = 0x0010;
const MSG_ATTRIBUTE_INFO = 0x0015;
const MAX_BLOCKS = 64;
const MAX_MESSAGES = 4096;
/** The largest attribute value read (a model_config is a few MB at most). */
const MAX_VALUE = 64 * 1024 * 1024;

class Hdf5Error extends Error {}

/** Little-endian reads over one block of bytes, each bounds-checked. */
class Cursor {
  constructor(
    readonly bytes: Uint8Array,
    public pos = 0,
  ) {}

  uint(n: number): number {
    if (this.pos + n > this.bytes.length) throw new Hdf5Error('a structure runs past the end of its block');
    let v = 0;
    for (let i = n - 1; i >= 0; i--) v = v * 256 + this.bytes[this.pos + i];
    this.pos += n;
    return v;
  }

  take(n: number): Uint8Array {
    if (n < 0 || this.pos + n > this.bytes.length) throw new Hdf5Error('a structure runs past the end of its block');
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

export function isHdf5(head: Uint8Array): boolean {
  return SIGNATURE.every((b, i) => head[i] === b);
}

/** Reads the root group's string attributes; never throws. */
export function readRootAttributes(src: Source): Hdf5Attributes {
  const strings = new Map<string, string>();
  try {
    const file = new Hdf5File(src);
    file.readAttributes(file.rootHeader(), strings);
    return { strings, ...(file.problem ? { problem: file.problem } : {}) };
  } catch (err) {
    if (!(err instanceof Hdf5Error)) throw err;
    return { strings, problem: err.message };
  }
}

class Hdf5File {
  /** Size of offsets and of lengths, from the superblock. */
  private offsetSize = 8;
  private lengthSize = 8;
  private base = 0;
  problem?: string;

  constructor(private readonly src: Source) {}

  private block(address: number, length: number): Cursor {
    const at = this.base + address;
    if (!Number.isSafeInteger(at) || at < 0 || length < 0 || at + length > this.src.size) throw new Hdf5Error('an address points outside the file');
    if (length > MAX_VALUE + 4096) throw new Hdf5Error('a structure is too large to read');
    return new Cursor(this.src.read(at, length));
  }

  private address(c: Cursor): number {
    const bytes = c.take(this.offsetSize);
    if (bytes.every((b) => b === 0xff)) return -1;
    return new Cursor(bytes).uint(this.offsetSize);
  }

  /** The root group's object header address, from the superblock at the start of the file. */
  rootHeader(): number {
    const c = this.block(0, Math.min(this.src.size, 128));
    c.pos = 8;
    const version = c.uint(1);
    if (version <= 1) {
      c.pos = 13;
      this.offsetSize = c.uint(1);
      this.lengthSize = c.uint(1);
      this.checkSizes();
      c.pos = version === 0 ? 24 : 28;
      this.base = this.address(c);
      c.pos += 3 * this.offsetSize; // free-space, end-of-file and driver addresses
      this.address(c); // the root entry's link name offset
      return this.address(c);
    }
    if (version === 2 || version === 3) {
      this.offsetSize = c.uint(1);
      this.lengthSize = c.uint(1);
      this.checkSizes();
      c.pos = 12;
      this.base = this.address(c);
      c.pos += 2 * this.offsetSize; // superblock extension and end-of-file addresses
      return this.address(c);
    }
    throw new Hdf5Error(`superblock version ${version} is not one this reader knows`);
  }

  private checkSizes(): void {
    if (![2, 4, 8].includes(this.offsetSize) || ![2, 4, 8].includes(this.lengthSize)) throw new Hdf5Error('the superblock gives impossible sizes of offsets and lengths');
  }

  /** Every message of an object header (version 1 or 2), continuation blocks followed. */
  private messages(address: number): Array<{ type: number; data: Uint8Array }> {
    if (address < 0) throw new Hdf5Error('the root group has no object header');
    const out: Array<{ type: number; data: Uint8Array }> = [];
    const head = this.block(address, Math.min(16, this.src.size - this.base - address));
    const v2 = head.bytes[0] === 0x4f && head.bytes[1] === 0x48 && head.bytes[2] === 0x44 && head.bytes[3] === 0x52; // OHDR
    let blocks: Array<{ at: number; length: number; first: boolean }>;
    let flags = 0;
    if (v2) {
      const h = this.block(address, Math.min(64, this.src.size - this.base - address));
      h.pos = 4;
      if (h.uint(1) !== 2) throw new Hdf5Error('an object header has an unknown version');
      flags = h.uint(1);
      if (flags & 0x20) h.pos += 16;
      if (flags & 0x10) h.pos += 4;
      const size = h.uint(1 << (flags & 3));
      blocks = [{ at: address + h.pos, length: size, first: true }];
    } else {
      if (head.uint(1) !== 1) throw new Hdf5Error('an object header has an unknown version');
      head.pos = 8;
      const size = head.uint(4);
      blocks = [{ at: address + 16, length: size, first: true }];
    }
    for (let i = 0; i < blocks.length; i++) {
      if (i >= MAX_BLOCKS) throw new Hdf5Error('the object header has too many continuation blocks');
      const { at, length, first } = blocks[i];
      const c = this.block(at, length);
      if (v2 && !first) {
        if (String.fromCharCode(...c.take(4)) !== 'OCHK') throw new Hdf5Error('a continuation block has no OCHK signature');
      }
      // NOTE: a version 2 block ends with a 4-byte checksum; a gap shorter than a message header may precede it.
      const end = v2 ? length - 4 : length;
      while (c.pos + (v2 ? 4 : 8) <= end) {
        if (out.length >= MAX_MESSAGES) throw new Hdf5Error('the object header has too many messages');
        const type = c.uint(v2 ? 1 : 2);
        const size = c.uint(2);
        const msgFlags = c.uint(1);
        if (v2) {
          if (flags & 0x04) c.pos += 2;
        } else c.pos += 3;
        const data = c.take(Math.min(size, end - c.pos));
        if (type === MSG_CONTINUATION) {
          const d = new Cursor(data);
          const offset = this.address(d);
          const len = d.uint(this.lengthSize);
          blocks.push({ at: offset, length: len, first: false });
        } else if (!(msgFlags & 0x02)) out.push({ type, data });
        else if (type === MSG_ATTRIBUTE) this.problem ??= 'an attribute uses a shared message, which is not read';
      }
    }
    return out;
  }

  readAttributes(address: number, strings: Map<string, string>): void {
    const keep = (data: Uint8Array) => {
      const attribute = this.attribute(data);
      if (attribute) strings.set(attribute.name, attribute.value);
    };
    for (const { type, data } of this.messages(address)) {
      if (type === MSG_ATTRIBUTE) keep(data);
      else if (type === MSG_ATTRIBUTE_INFO) {
        try {
          for (const message of this.denseAttributes(new Cursor(data))) keep(message);
        } catch (err) {
          if (!(err instanceof Hdf5Error)) throw err;
          this.problem ??= `the root group keeps its attributes in dense storage, and ${err.message}`;
        }
      }
    }
  }

  /**
   * The attribute messages of dense storage (an Attribute Info message): the name index, a
   * version 2 B-tree, lists heap IDs of the messages in a fractal heap. Read when both are one
   * block (a leaf root, a direct root block), as they are for the few attributes of a model file.
   */
  private denseAttributes(info: Cursor): Uint8Array[] {
    info.uint(1); // version
    const flags = info.uint(1);
    if (flags & 1) info.uint(2);
    const heapAddress = this.address(info);
    const nameIndex = this.address(info);
    if (heapAddress < 0 || nameIndex < 0) return [];
    const heap = this.fractalHeap(heapAddress);
    // The name index's header, then its root node: a leaf when the tree has depth 0.
    const h = this.block(nameIndex, 16 + 2 * this.offsetSize + this.lengthSize);
    if (String.fromCharCode(...h.take(4)) !== 'BTHD') throw new Hdf5Error('its name index has no BTHD signature');
    h.uint(1); // version
    if (h.uint(1) !== 8) throw new Hdf5Error('its name index is not an attribute name index');
    const nodeSize = h.uint(4);
    const recordSize = h.uint(2);
    const depth = h.uint(2);
    h.pos += 2;
    const root = this.address(h);
    const records = h.uint(2);
    if (depth !== 0) throw new Hdf5Error('its name index has more than one level, which is not read');
    if (records * recordSize > nodeSize) throw new Hdf5Error('its name index is damaged');
    const leaf = this.block(root, Math.min(nodeSize, this.src.size - this.base - root));
    if (String.fromCharCode(...leaf.take(4)) !== 'BTLF') throw new Hdf5Error('its name index leaf has no BTLF signature');
    leaf.pos = 6;
    const out: Uint8Array[] = [];
    for (let i = 0; i < records; i++) {
      const record = new Cursor(leaf.take(recordSize));
      out.push(heap(record.take(heap.idLength)));
    }
    return out;
  }

  /**
   * A fractal heap whose root is a direct block, or an indirect block of direct blocks: a
   * function from a heap ID to its object.
   */
  private fractalHeap(address: number): ((id: Uint8Array) => Uint8Array) & { idLength: number } {
    const c = this.block(address, Math.min(256, this.src.size - this.base - address));
    if (String.fromCharCode(...c.take(4)) !== 'FRHP') throw new Hdf5Error('its fractal heap has no FRHP signature');
    c.uint(1); // version
    const idLength = c.uint(2);
    const filters = c.uint(2);
    if (filters > 0) throw new Hdf5Error('its fractal heap is filtered, which is not read');
    c.uint(1); // flags
    const maxManaged = c.uint(4);
    c.pos += this.lengthSize + this.offsetSize + this.lengthSize + this.offsetSize + 8 * this.lengthSize;
    const width = c.uint(2);
    const startSize = c.uint(this.lengthSize);
    const maxDirect = c.uint(this.lengthSize);
    const maxHeapBits = c.uint(2);
    c.uint(2); // starting rows
    const root = this.address(c);
    const rows = c.uint(2);
    const offsetBytes = Math.ceil(maxHeapBits / 8);
    // NOTE: as the HDF5 library sizes them: floor(log2(limit)) / 8 + 1 bytes for the smaller limit.
    const encoded = (limit: number) => Math.floor(Math.floor(Math.log2(Math.max(1, limit))) / 8) + 1;
    const lengthBytes = Math.min(encoded(maxDirect), encoded(maxManaged));
    // The direct blocks in heap-offset order: the root alone, or the root indirect block's rows.
    const blocks: Array<{ start: number; size: number; address: number }> = [];
    if (rows === 0) blocks.push({ start: 0, size: Number.MAX_SAFE_INTEGER, address: root });
    else {
      if (width < 1 || width > 1024 || rows > 64 || startSize < 1) throw new Hdf5Error('its fractal heap is damaged');
      const ib = this.block(root, Math.min(this.src.size - this.base - root, 5 + this.offsetSize + offsetBytes + rows * width * this.offsetSize));
      if (String.fromCharCode(...ib.take(4)) !== 'FHIB') throw new Hdf5Error('its fractal heap root has no FHIB signature');
      ib.pos = 5 + this.offsetSize + offsetBytes;
      let start = 0;
      for (let row = 0; row < rows; row++) {
        const size = row < 2 ? startSize : startSize * 2 ** (row - 1);
        for (let col = 0; col < width; col++) {
          const at = this.address(ib);
          if (size > maxDirect) {
            if (at >= 0) throw new Hdf5Error('its fractal heap has nested indirect blocks, which are not read');
          } else if (at >= 0) blocks.push({ start, size, address: at });
          start += size;
        }
      }
    }
    const read = (id: Uint8Array): Uint8Array => {
      const r = new Cursor(id);
      const kind = (r.uint(1) >> 4) & 3;
      if (kind === 2) return id.subarray(1, 1 + ((id[0] & 0x0f) + 1)); // tiny: the object is in the ID
      if (kind !== 0) throw new Hdf5Error('an attribute is a huge heap object, which is not read');
      const offset = r.uint(offsetBytes);
      const length = r.uint(lengthBytes);
      if (length > MAX_VALUE) throw new Hdf5Error('an attribute is too large to read');
      const block = blocks.find((b) => offset >= b.start && offset + length <= b.start + b.size);
      if (!block) throw new Hdf5Error('an attribute lies outside the heap blocks');
      return this.block(block.address + offset - block.start, length).bytes;
    };
    return Object.assign(read, { idLength });
  }

  /** A string attribute's name and value, or undefined for other datatypes. */
  private attribute(data: Uint8Array): { name: string; value: string } | undefined {
    const c = new Cursor(data);
    const version = c.uint(1);
    if (version < 1 || version > 3) throw new Hdf5Error(`an attribute message has unknown version ${version}`);
    const flags = c.uint(1);
    const nameSize = c.uint(2);
    const typeSize = c.uint(2);
    const spaceSize = c.uint(2);
    if (version === 3) c.pos += 1; // name character set
    if (flags & 3) {
      this.problem ??= 'an attribute has a shared datatype or dataspace, which is not read';
      return undefined;
    }
    const pad = (n: number) => (version === 1 ? (n + 7) & ~7 : n);
    const name = new TextDecoder().decode(c.take(pad(nameSize)).subarray(0, Math.max(0, nameSize - 1)));
    const datatype = new Cursor(c.take(pad(typeSize)));
    const count = this.elements(new Cursor(c.take(pad(spaceSize))));
    const classAndVersion = datatype.uint(1);
    const bits = datatype.uint(3);
    const size = datatype.uint(4);
    const cls = classAndVersion & 0x0f;
    const text = new TextDecoder('utf-8', { fatal: false });
    if (cls === 3) {
      if (size * count > MAX_VALUE) throw new Hdf5Error(`the attribute ${name} is too large to read`);
      return { name, value: text.decode(c.take(Math.min(size * count, data.length - c.pos))).replace(/\0+$/, '') };
    }
    // Variable-length string (class 9, type 1): a global heap reference per element.
    if (cls === 9 && (bits & 0x0f) === 1) {
      const parts: string[] = [];
      for (let i = 0; i < Math.min(count, 16); i++) {
        const length = c.uint(4);
        const collection = this.address(c);
        const index = c.uint(4);
        parts.push(text.decode(this.globalHeapObject(collection, index, length)));
      }
      return { name, value: parts.join('\n') };
    }
    return undefined;
  }

  /** The number of elements of a dataspace (1 for a scalar). */
  private elements(c: Cursor): number {
    const version = c.uint(1);
    const rank = c.uint(1);
    c.uint(1); // flags
    if (version === 1) c.pos += 5;
    else if (version === 2 && c.uint(1) === 2) return 0; // null dataspace
    let n = 1;
    for (let i = 0; i < rank; i++) n *= c.uint(this.lengthSize);
    return n;
  }

  private globalHeapObject(collection: number, index: number, length: number): Uint8Array {
    if (length > MAX_VALUE) throw new Hdf5Error('a variable-length string is too large to read');
    const head = this.block(collection, 8 + this.lengthSize);
    if (String.fromCharCode(...head.take(4)) !== 'GCOL') throw new Hdf5Error('a global heap collection has no GCOL signature');
    head.pos = 8;
    const size = head.uint(this.lengthSize);
    if (size > MAX_VALUE + 4096) throw new Hdf5Error('a global heap collection is too large to read');
    const c = this.block(collection, size);
    c.pos = 8 + this.lengthSize;
    while (c.pos + 8 + this.lengthSize <= c.bytes.length) {
      const id = c.uint(2);
      c.pos += 6; // reference count and reserved
      const objectSize = c.uint(this.lengthSize);
      if (id === 0) break; // free space: the rest of the collection
      const body = c.take(Math.min(objectSize, c.bytes.length - c.pos));
      if (id === index) return body.subarray(0, Math.min(length, body.length));
      c.pos += ((objectSize + 7) & ~7) - body.length;
    }
    throw new Hdf5Error(`a variable-length string is missing from its global heap collection`);
  }
}
