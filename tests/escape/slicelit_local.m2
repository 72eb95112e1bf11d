./slicelit_local.mini:4:12: []int{...} does not escape
