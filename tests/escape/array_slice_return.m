./array_slice_return.mini:4:6: moved to heap: a
