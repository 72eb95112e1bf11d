./append_ptr.mini:4:2: moved to heap: x
./append_ptr.mini:6:12: append does not escape
