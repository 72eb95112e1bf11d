./new_global.mini:6:9: new(int) escapes to heap
