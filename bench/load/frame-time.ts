/** MessagePack type bytes read below (see the spec: https://github.com/msgpack/msgpack/blob/master/spec.md). */
const FIXARRAY_4 = 0x94;
const FIXARRAY_5 = 0x95;
const STATE_TYPE_CODE = 0x02;
const UINT8 = 0xcc;
const UINT16 = 0xcd;
const UINT32 = 0xce;
const UINT64 = 0xcf;
const FLOAT64 = 0xcb;

/**
 * The `time` of a state frame as `encodeFrame` writes it (`[2, seq, time, payload]`), read in place without decoding
 * the frame: each bot reads a hundred thousand of these a second, on cores it shares with the server under test.
 * Undefined for any other frame, or a time that is not a float64 or unsigned integer.
 * @example stateFrameTime(encodeFrame({ type: "state", seq: 1, time: 1.5, payload: [] })) // 1.5
 */
export function stateFrameTime(bytes: Uint8Array): number | undefined {
  if ((bytes[0] !== FIXARRAY_4 && bytes[0] !== FIXARRAY_5) || bytes[1] !== STATE_TYPE_CODE) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const timeAt = 2 + uintLength(bytes[2]);
  if (timeAt + 9 > bytes.byteLength) return undefined;
  switch (bytes[timeAt]) {
    case FLOAT64:
      return view.getFloat64(timeAt + 1);
    case UINT64:
      return Number(view.getBigUint64(timeAt + 1));
    case UINT32:
      return view.getUint32(timeAt + 1);
    default:
      return undefined;
  }
}

/** Bytes taken by the unsigned integer starting with `marker` (`seq` is never negative). */
function uintLength(marker: number | undefined): number {
  if (marker === undefined) return Infinity;
  if (marker < 0x80) return 1;
  if (marker === UINT8) return 2;
  if (marker === UINT16) return 3;
  if (marker === UINT32) return 5;
  if (marker === UINT64) return 9;
  return Infinity;
}
