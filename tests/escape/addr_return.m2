./addr_return.mini:4:2: x escapes to heap in f:
./addr_return.mini:4:2:   flow: ~r0 ← &x:
./addr_return.mini:4:2:     from &x (address-of) at ./addr_return.mini:5:9
./addr_return.mini:4:2:     from return &x (return) at ./addr_return.mini:5:2
./addr_return.mini:4:2: moved to heap: x
