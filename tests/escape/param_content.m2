./param_content.mini:6:8: parameter pp leaks to {heap} for f with derefs=1:
./param_content.mini:6:8:   flow: {heap} ← *pp:
./param_content.mini:6:8:     from *pp (indirection) at ./param_content.mini:7:6
./param_content.mini:6:8:     from h = *pp (assign) at ./param_content.mini:7:4
./param_content.mini:6:8: leaking param content: pp
