./goto_looping_label.mini:11:2: moved to heap: v
