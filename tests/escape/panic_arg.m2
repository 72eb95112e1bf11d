./panic_arg.mini:6:8: &E{...} escapes to heap in f:
./panic_arg.mini:6:8:   flow: {heap} ← &{storage for &E{...}}:
./panic_arg.mini:6:8:     from &E{...} (spill) at ./panic_arg.mini:6:8
./panic_arg.mini:6:8:     from &E{...} (interface-converted) at ./panic_arg.mini:6:8
./panic_arg.mini:6:8:     from panic(&E{...}) (call parameter) at ./panic_arg.mini:6:7
./panic_arg.mini:6:8: &E{...} escapes to heap
