./slicelit_return.mini:4:14: []int{...} escapes to heap in f:
./slicelit_return.mini:4:14:   flow: ~r0 ← &{storage for []int{...}}:
./slicelit_return.mini:4:14:     from []int{...} (spill) at ./slicelit_return.mini:4:14
./slicelit_return.mini:4:14:     from return []int{...} (return) at ./slicelit_return.mini:4:2
./slicelit_return.mini:4:14: []int{...} escapes to heap
