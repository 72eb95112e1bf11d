//! Embedding: Rust closures as a Go package the script imports (`import "host"`), with
//! values, structs, errors the script handles, panics it can recover from, and a callback the
//! host calls back into the script with.
//!
//! `cargo run --example embed_host`

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use mini::{Callback, GoError, HostCx, HostPackage, MiniStruct, Panic, Program, Value, Vm};

/// A Rust struct the script sees as `host.Item`.
#[derive(Clone, Debug)]
struct Item {
    name: String,
    price: i64,
}

impl MiniStruct for Item {
    const NAME: &'static str = "Item";
    fn fields() -> Vec<(&'static str, String)> {
        vec![("Name", "string".into()), ("Price", "int".into())]
    }
    fn into_fields(self) -> Vec<Value> {
        vec![Value::String(self.name), Value::Int(self.price)]
    }
    fn from_fields(f: Vec<Value>) -> mini::Result<Self> {
        let mut f = f.into_iter();
        Ok(Item {
            name: mini::field(&mut f)?,
            price: mini::field(&mut f)?,
        })
    }
}
mini::mini_struct!(Item);

const SCRIPT: &str = r#"package main

import (
	"fmt"
	"host"
)

func buy(name string) (total int) {
	defer func() {
		if r := recover(); r != nil {
			host.Log(fmt.Sprint("recovered: ", r))
		}
	}()
	item, err := host.Lookup(name)
	if err != nil {
		host.Log("lookup failed: " + err.Error())
		return 0
	}
	return host.Charge(item)
}

func main() {
	host.EachItem(func(name string, price int) {
		fmt.Printf("in stock: %s at %d\n", name, price)
	})
	total := 0
	for _, name := range []string{"apple", "pear", "caviar"} {
		total += buy(name)
	}
	fmt.Println("total:", total)
}
"#;

fn main() -> Result<(), mini::Error> {
    let stock = HashMap::from([("apple", 3), ("caviar", 900)]);
    let mut listing: Vec<(String, i64)> = stock.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    listing.sort();
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink = Arc::clone(&log);
    let host = HostPackage::new("host")
        .func("Log", move |line: String| sink.lock().unwrap().push(line))
        .func("Lookup", move |name: String| -> Result<Item, GoError> {
            match stock.get(name.as_str()) {
                Some(&price) => Ok(Item { name, price }),
                None => Err(GoError(format!("no {name} in stock"))),
            }
        })
        .func_cx(
            "EachItem",
            move |cx: &mut HostCx, f: Callback<(String, i64), ()>| -> mini::Result<()> {
                for (name, price) in &listing {
                    f.call(cx, (name.clone(), *price))?;
                }
                Ok(())
            },
        )
        .func("Charge", |item: Item| -> Result<i64, Panic> {
            if item.price > 100 {
                return Err(Panic(format!("{} is too expensive", item.name)));
            }
            Ok(item.price)
        });
    println!("the script sees:\n{}", host.go_source());

    let program = Program::compile_with("shop.go", SCRIPT, &[&host])?;
    let mut vm = Vm::new();
    vm.register(&host);
    vm.load(&program)?;
    vm.run_main()?;
    for line in log.lock().unwrap().iter() {
        println!("host log: {line}");
    }
    Ok(())
}
