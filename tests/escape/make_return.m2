./make_return.mini:4:13: make([]int, 4) escapes to heap in f:
./make_return.mini:4:13:   flow: ~r0 ← &{storage for make([]int, 4)}:
./make_return.mini:4:13:     from make([]int, 4) (spill) at ./make_return.mini:4:13
./make_return.mini:4:13:     from return make([]int, 4) (return) at ./make_return.mini:4:2
./make_return.mini:4:13: make([]int, 4) escapes to heap
