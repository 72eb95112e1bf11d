./iface_ptr.mini:8:6: &T{...} escapes to heap in f:
./iface_ptr.mini:8:6:   flow: {heap} ← &{storage for &T{...}}:
./iface_ptr.mini:8:6:     from &T{...} (spill) at ./iface_ptr.mini:8:6
./iface_ptr.mini:8:6:     from &T{...} (interface-converted) at ./iface_ptr.mini:8:6
./iface_ptr.mini:8:6:     from g = &T{...} (assign) at ./iface_ptr.mini:8:4
./iface_ptr.mini:8:6: &T{...} escapes to heap
