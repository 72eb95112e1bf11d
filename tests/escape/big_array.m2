./big_array.mini:4:6: a escapes to heap in f:
./big_array.mini:4:6:   flow: {heap} ← &a:
./big_array.mini:4:6:     from a (too large for stack) at ./big_array.mini:4:6
./big_array.mini:4:6: moved to heap: a
