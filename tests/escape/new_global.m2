./new_global.mini:6:9: new(int) escapes to heap in f:
./new_global.mini:6:9:   flow: {heap} ← &{storage for new(int)}:
./new_global.mini:6:9:     from new(int) (spill) at ./new_global.mini:6:9
./new_global.mini:6:9:     from g = new(int) (assign) at ./new_global.mini:6:4
./new_global.mini:6:9: new(int) escapes to heap
