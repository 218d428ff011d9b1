// Loads and stores of the kernels that keep float64 and float32 data in one generic body (T = f64 or
// f32, known at compile time: every `sizeof<T>()` test folds away). float32 entries are promoted to
// float64 on load and rounded once on store, so one body does the reference's float64 operations for
// either storage. Indices are in entries, pointers in bytes.

/** Entry i of x, as float64. */
@inline
export function load1<T>(x: usize, i: i32): f64 {
  return sizeof<T>() == 4 ? <f64>load<f32>(x + (<usize>i << 2)) : load<f64>(x + (<usize>i << 3));
}

/** Stores value into entry i of x (rounded to float32 there). */
@inline
export function store1<T>(x: usize, i: i32, value: f64): void {
  if (sizeof<T>() == 4) store<f32>(x + (<usize>i << 2), <f32>value);
  else store<f64>(x + (<usize>i << 3), value);
}

/** value rounded to the storage precision (and back to float64). */
@inline
export function round1<T>(value: f64): f64 {
  return sizeof<T>() == 4 ? <f64><f32>value : value;
}

/** Entries i and i + 1 of x (contiguous), as f64x2. */
@inline
export function load2<T>(x: usize, i: i32): v128 {
  return sizeof<T>() == 4 ? f64x2.promote_low_f32x4(v128.load64_zero(x + (<usize>i << 2))) : v128.load(x + (<usize>i << 3));
}

/** Stores both lanes into entries i and i + 1 of x (each rounded to float32 there). */
@inline
export function store2<T>(x: usize, i: i32, value: v128): void {
  if (sizeof<T>() == 4) v128.store64_lane(x + (<usize>i << 2), f32x4.demote_f64x2_zero(value), 0);
  else v128.store(x + (<usize>i << 3), value);
}

/** Both lanes rounded to the storage precision (and back to float64). */
@inline
export function round2<T>(value: v128): v128 {
  return sizeof<T>() == 4 ? f64x2.promote_low_f32x4(f32x4.demote_f64x2_zero(value)) : value;
}
