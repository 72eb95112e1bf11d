./array_slice_return.mini:4:6: a escapes to heap in f:
./array_slice_return.mini:4:6:   flow: ~r0 ← &a:
./array_slice_return.mini:4:6:     from a (address-of) at ./array_slice_return.mini:5:10
./array_slice_return.mini:4:6:     from a[:] (slice) at ./array_slice_return.mini:5:10
./array_slice_return.mini:4:6:     from return a[:] (return) at ./array_slice_return.mini:5:2
./array_slice_return.mini:4:6: moved to heap: a
