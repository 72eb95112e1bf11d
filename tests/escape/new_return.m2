./new_return.mini:4:12: new(int) escapes to heap in f:
./new_return.mini:4:12:   flow: ~r0 ← &{storage for new(int)}:
./new_return.mini:4:12:     from new(int) (spill) at ./new_return.mini:4:12
./new_return.mini:4:12:     from return new(int) (return) at ./new_return.mini:4:2
./new_return.mini:4:12: new(int) escapes to heap
