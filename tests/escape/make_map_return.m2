./make_map_return.mini:4:13: make(map[int]int) escapes to heap in f:
./make_map_return.mini:4:13:   flow: ~r0 ← &{storage for make(map[int]int)}:
./make_map_return.mini:4:13:     from make(map[int]int) (spill) at ./make_map_return.mini:4:13
./make_map_return.mini:4:13:     from return make(map[int]int) (return) at ./make_map_return.mini:4:2
./make_map_return.mini:4:13: make(map[int]int) escapes to heap
