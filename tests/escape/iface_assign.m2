./iface_assign.mini:9:6: t escapes to heap in f:
./iface_assign.mini:9:6:   flow: {heap} ← &{storage for t}:
./iface_assign.mini:9:6:     from t (spill) at ./iface_assign.mini:9:6
./iface_assign.mini:9:6:     from g = t (assign) at ./iface_assign.mini:9:4
./iface_assign.mini:9:6: t escapes to heap
