./mutual.mini:3:8: p does not escape
./mutual.mini:10:8: p does not escape
