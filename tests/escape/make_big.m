./make_big.mini:4:11: make([]int, 100000) escapes to heap
