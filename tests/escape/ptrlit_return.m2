./ptrlit_return.mini:6:9: &T{...} escapes to heap in f:
./ptrlit_return.mini:6:9:   flow: ~r0 ← &{storage for &T{...}}:
./ptrlit_return.mini:6:9:     from &T{...} (spill) at ./ptrlit_return.mini:6:9
./ptrlit_return.mini:6:9:     from return &T{...} (return) at ./ptrlit_return.mini:6:2
./ptrlit_return.mini:6:9: &T{...} escapes to heap
