/* A small Mapbox Vector Tile decoder for point layers (the event tiles): protobuf wire format, the
 * layer's keys and values, and MoveTo geometry. Pure (bytes in, plain objects out), tested under
 * tests/js/. Drawing tens of thousands of cells as plain canvas circles is what keeps a world view
 * fast; a general vector-tile plug-in builds one path object per feature. */

// One decoder for every string of every tile: building a TextDecoder per string was two thirds of a
// tile's decoding time.
const utf8 = new TextDecoder();

class Reader {
  constructor(bytes) {
    this.bytes = bytes;
    this.pos = 0;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  varint() {
    let result = 0;
    let shift = 1;
    for (;;) {
      const byte = this.bytes[this.pos];
      this.pos += 1;
      result += (byte & 0x7f) * shift;
      if (byte < 0x80) return result;
      shift *= 128;
    }
  }

  /** [field number, wire type] of the next key. */
  key() {
    const key = this.varint();
    return [Math.floor(key / 8), key % 8];
  }

  bytesField() {
    const length = this.varint();
    const start = this.pos;
    this.pos += length;
    return this.bytes.subarray(start, start + length);
  }

  string() {
    return utf8.decode(this.bytesField());
  }

  packed() {
    const end = this.varint() + this.pos;
    const values = [];
    while (this.pos < end) values.push(this.varint());
    return values;
  }

  skip(wireType) {
    if (wireType === 0) this.varint();
    else if (wireType === 1) this.pos += 8;
    else if (wireType === 2) this.pos += this.varint();
    else if (wireType === 5) this.pos += 4;
    else throw new Error(`unsupported wire type ${wireType}`);
  }
}

const zigzag = (n) => (n % 2 === 1 ? -(n + 1) / 2 : n / 2);

function readValue(reader) {
  const end = reader.varint() + reader.pos;
  let value = null;
  while (reader.pos < end) {
    const [field, wire] = reader.key();
    if (field === 1) value = reader.string();
    else if (field === 2) { value = reader.view.getFloat32(reader.pos, true); reader.pos += 4; }
    else if (field === 3) { value = reader.view.getFloat64(reader.pos, true); reader.pos += 8; }
    else if (field === 4 || field === 5) value = reader.varint();
    else if (field === 6) value = zigzag(reader.varint());
    else if (field === 7) value = reader.varint() !== 0;
    else reader.skip(wire);
  }
  return value;
}

function pointsOf(geometry) {
  const points = [];
  let x = 0;
  let y = 0;
  for (let i = 0; i < geometry.length;) {
    const command = geometry[i] & 0x7;
    const count = geometry[i] >> 3;
    i += 1;
    if (command === 1 || command === 2) {
      for (let k = 0; k < count; k += 1) {
        x += zigzag(geometry[i]);
        y += zigzag(geometry[i + 1]);
        i += 2;
        if (command === 1) points.push([x, y]);
      }
    }
  }
  return points;
}

function readLayer(reader) {
  const end = reader.varint() + reader.pos;
  const layer = {name: "", extent: 4096, features: []};
  const keys = [];
  const values = [];
  const raw = [];
  while (reader.pos < end) {
    const [field, wire] = reader.key();
    if (field === 1) layer.name = reader.string();
    else if (field === 5) layer.extent = reader.varint();
    else if (field === 3) keys.push(reader.string());
    else if (field === 4) values.push(readValue(reader));
    else if (field === 2) {
      const featureEnd = reader.varint() + reader.pos;
      const feature = {id: null, type: 0, tags: [], geometry: []};
      while (reader.pos < featureEnd) {
        const [f, w] = reader.key();
        if (f === 1) feature.id = reader.varint();
        else if (f === 2) feature.tags = reader.packed();
        else if (f === 3) feature.type = reader.varint();
        else if (f === 4) feature.geometry = reader.packed();
        else reader.skip(w);
      }
      raw.push(feature);
    } else reader.skip(wire);
  }
  for (const feature of raw) {
    const properties = {};
    for (let i = 0; i + 1 < feature.tags.length; i += 2) properties[keys[feature.tags[i]]] = values[feature.tags[i + 1]];
    layer.features.push({id: feature.id, type: feature.type, properties, points: pointsOf(feature.geometry)});
  }
  return layer;
}

/** The layers of a tile by name: {name: {extent, features: [{id, type, properties, points}]}}. */
export function decodeTile(bytes) {
  const reader = new Reader(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
  const layers = {};
  while (reader.pos < reader.bytes.length) {
    const [field, wire] = reader.key();
    if (field === 3) {
      const layer = readLayer(reader);
      layers[layer.name] = layer;
    } else reader.skip(wire);
  }
  return layers;
}
