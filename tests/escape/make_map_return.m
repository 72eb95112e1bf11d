./make_map_return.mini:4:13: make(map[int]int) escapes to heap
