./make_return.mini:4:13: make([]int, 4) escapes to heap
