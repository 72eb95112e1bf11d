./new_local.mini:4:10: new(int) does not escape
