./slicelit_return.mini:4:14: []int{...} escapes to heap
