./make_big.mini:4:11: make([]int, 100000) escapes to heap in f:
./make_big.mini:4:11:   flow: {heap} ← &{storage for make([]int, 100000)}:
./make_big.mini:4:11:     from make([]int, 100000) (too large for stack) at ./make_big.mini:4:11
./make_big.mini:4:11: make([]int, 100000) escapes to heap
