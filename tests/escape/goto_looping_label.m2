./goto_looping_label.mini:11:2: v escapes to heap in kept:
./goto_looping_label.mini:11:2:   flow: keep ← &v:
./goto_looping_label.mini:11:2:     from &v (address-of) at ./goto_looping_label.mini:12:12
./goto_looping_label.mini:11:2:     from keep[i] = &v (assign) at ./goto_looping_label.mini:12:10
./goto_looping_label.mini:11:2: moved to heap: v
