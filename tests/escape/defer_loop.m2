./defer_loop.mini:3:8: p does not escape
./defer_loop.mini:8:3: func literal escapes to heap in f:
./defer_loop.mini:8:3:   flow: {heap} ← &{storage for func literal}:
./defer_loop.mini:8:3:     from func literal (spill) at ./defer_loop.mini:8:3
./defer_loop.mini:8:11: f capturing by value: .autotmp_2 (addr=false assign=false width=8)
./defer_loop.mini:7:3: x escapes to heap in f:
./defer_loop.mini:7:3:   flow: .autotmp_2 ← &x:
./defer_loop.mini:7:3:     from &x (address-of) at ./defer_loop.mini:8:11
./defer_loop.mini:7:3:     from .autotmp_2 = &x (assign-pair) at ./defer_loop.mini:8:3
./defer_loop.mini:7:3:   flow: {storage for func literal} ← .autotmp_2:
./defer_loop.mini:7:3:     from .autotmp_2 (captured by a closure) at ./defer_loop.mini:8:11
./defer_loop.mini:7:3: moved to heap: x
