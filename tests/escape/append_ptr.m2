./append_ptr.mini:4:2: x escapes to heap in f:
./append_ptr.mini:4:2:   flow: {heap} ← &x:
./append_ptr.mini:4:2:     from &x (address-of) at ./append_ptr.mini:6:16
./append_ptr.mini:4:2:     from append(s, &x) (call parameter) at ./append_ptr.mini:6:12
./append_ptr.mini:4:2: moved to heap: x
./append_ptr.mini:6:12: append does not escape
