./ptrlit_empty.mini:6:9: &T{} escapes to heap in f:
./ptrlit_empty.mini:6:9:   flow: ~r0 ← &{storage for &T{}}:
./ptrlit_empty.mini:6:9:     from &T{} (spill) at ./ptrlit_empty.mini:6:9
./ptrlit_empty.mini:6:9:     from return &T{} (return) at ./ptrlit_empty.mini:6:2
./ptrlit_empty.mini:6:9: &T{} escapes to heap
