//! Mini values as the formatter sees them: interface values and slot words turned into
//! `FmtValue`s by their runtime types. Values whose type has `Error`, `String` or `GoString`
//! methods are wrapped so that `fmt` can call them (see `natives::VmMethods`).

use std::rc::Rc;

use mini_bytecode::TypeKind;
use mini_gc::GcRef;

use crate::format::{Field, FloatKind, FmtValue, IntKind, MethodSet, UintKind};
use crate::vm::Vm;

/// A value whose methods `fmt` may call: its runtime type and slots.
pub(crate) struct Receiver {
    pub t: usize,
    pub words: Vec<u64>,
}

/// Reads values out of registers and the heap, recording every receiver of methods.
pub(crate) struct Reader<'v> {
    vm: &'v Vm,
    pub receivers: Vec<Receiver>,
}

impl<'v> Reader<'v> {
    pub fn new(vm: &'v Vm) -> Reader<'v> {
        Reader {
            vm,
            receivers: Vec::new(),
        }
    }

    /// The value an interface holds (`tword` 0 is the nil interface).
    pub fn iface_value(&mut self, tword: u64, data: u64) -> FmtValue {
        self.iface_value_in(tword, data, true, "<nil>")
    }

    fn iface_value_in(&mut self, tword: u64, data: u64, exported: bool, nil: &str) -> FmtValue {
        if tword == 0 {
            return FmtValue::NilInterface(Rc::from(nil));
        }
        let t = crate::ifaces::type_index(tword);
        let words = self.vm.iface_words(tword, data);
        self.words_value(t, &words, exported)
    }

    /// The value of runtime type `t` stored in `words`; `exported` is false for values
    /// reached through unexported struct fields, whose methods `fmt` does not call.
    pub fn words_value(&mut self, t: usize, words: &[u64], exported: bool) -> FmtValue {
        let value = self.plain_value(t, words, exported);
        let methods = self.method_set(t);
        if !exported || !(methods.error || methods.string || methods.go_string) {
            return value;
        }
        self.receivers.push(Receiver {
            t,
            words: words.to_vec(),
        });
        FmtValue::Methods {
            id: (self.receivers.len() - 1) as u64,
            methods,
            value: Box::new(value),
        }
    }

    fn method_set(&self, t: usize) -> MethodSet {
        let fm = self.vm.program.types[t].fmt_methods;
        MethodSet {
            error: fm.error,
            string: fm.string,
            go_string: fm.go_string,
        }
    }

    fn plain_value(&mut self, t: usize, words: &[u64], exported: bool) -> FmtValue {
        let vm = self.vm;
        let rt = &vm.program.types[t];
        let value = match rt.kind {
            TypeKind::Bool => FmtValue::Bool(words[0] != 0),
            TypeKind::Int { .. } => FmtValue::Int(words[0] as i64, int_kind(&rt.name)),
            TypeKind::Uint { .. } => FmtValue::Uint(words[0], uint_kind(&rt.name)),
            TypeKind::Float { bits } => {
                let kind = if bits == 32 {
                    FloatKind::Float32
                } else {
                    FloatKind::Float64
                };
                FmtValue::Float(f64::from_bits(words[0]), kind)
            }
            TypeKind::String => FmtValue::String(vm.str_bytes(words[0], words[1]).to_vec()),
            TypeKind::Slice { elem } => self.slice_value(t, elem as usize, words, exported),
            TypeKind::Struct { ref fields } => self.struct_value(t, fields, words, exported),
            TypeKind::Pointer { elem } => self.pointer_value(t, elem as usize, words, exported),
            TypeKind::Map { key, value } => {
                self.map_value(t, key as usize, value as usize, words[0], exported)
            }
            TypeKind::Interface { .. } => {
                return self.iface_value_in(words[0], words[1], exported, &rt.name)
            }
            TypeKind::Func => FmtValue::Func {
                ty: Rc::from(rt.name.as_str()),
                addr: words[0],
            },
            TypeKind::Chan { .. } => FmtValue::Chan {
                ty: Rc::from(rt.name.as_str()),
                addr: words[0],
            },
            TypeKind::Array { elem, len } => {
                self.array_value(t, elem as usize, len as usize, words, exported)
            }
        };
        if rt.named
            && !matches!(
                rt.kind,
                TypeKind::Slice { .. }
                    | TypeKind::Struct { .. }
                    | TypeKind::Pointer { .. }
                    | TypeKind::Map { .. }
                    | TypeKind::Func
                    | TypeKind::Chan { .. }
                    | TypeKind::Array { .. }
            )
        {
            return FmtValue::Named {
                ty: Rc::from(rt.name.as_str()),
                value: Box::new(value),
            };
        }
        value
    }

    fn struct_value(
        &mut self,
        t: usize,
        fields: &[(String, u8)],
        words: &[u64],
        exported: bool,
    ) -> FmtValue {
        let mut at = 0;
        let mut out = Vec::new();
        for (name, ft) in fields {
            let n = self.vm.program.types[*ft as usize].slots.len();
            let visible = exported && is_exported(name);
            out.push(Field {
                name: name.clone(),
                value: self.words_value(*ft as usize, &words[at..at + n], visible),
            });
            at += n;
        }
        FmtValue::Struct {
            ty: Rc::from(self.vm.program.types[t].name.as_str()),
            fields: out,
        }
    }

    /// A pointer: its address for `%p` and nested positions, and its target for `&{...}`.
    fn pointer_value(&mut self, t: usize, elem: usize, words: &[u64], exported: bool) -> FmtValue {
        let vm = self.vm;
        let ty: Rc<str> = Rc::from(vm.program.types[t].name.as_str());
        let (obj, off) = (words[0], words[1] as usize);
        if obj == 0 {
            return FmtValue::Pointer {
                ty,
                addr: 0,
                target: None,
            };
        }
        let n = vm.program.types[elem].slots.len();
        // SAFETY: `obj` is a live object from a current register or heap word and the
        // pointee (`n` slots at `off`) lies within it.
        let target = unsafe { vm.heap.payload(GcRef::from_bits(obj)) }[off..off + n].to_vec();
        let shows_target = matches!(
            vm.program.types[elem].kind,
            TypeKind::Struct { .. }
                | TypeKind::Slice { .. }
                | TypeKind::Array { .. }
                | TypeKind::Map { .. }
        );
        FmtValue::Pointer {
            ty,
            addr: obj + 8 * (off as u64 + 1),
            target: if shows_target {
                Some(Box::new(self.plain_value(elem, &target, exported)))
            } else {
                None
            },
        }
    }

    fn map_value(
        &mut self,
        t: usize,
        key: usize,
        value: usize,
        header: u64,
        exported: bool,
    ) -> FmtValue {
        let ty: Rc<str> = Rc::from(self.vm.program.types[t].name.as_str());
        if header == 0 {
            return FmtValue::Map {
                ty,
                addr: 0,
                entries: None,
            };
        }
        let entries = self
            .vm
            .map_entries(header)
            .into_iter()
            .map(|(k, v)| {
                (
                    self.words_value(key, &k, exported),
                    self.words_value(value, &v, exported),
                )
            })
            .collect();
        FmtValue::Map {
            ty,
            addr: header,
            entries: Some(entries),
        }
    }

    fn slice_value(&mut self, t: usize, elem: usize, words: &[u64], exported: bool) -> FmtValue {
        let vm = self.vm;
        let ty: Rc<str> = Rc::from(vm.program.types[t].name.as_str());
        let (obj, off, len) = (
            words[0],
            crate::slices::window_offset(words[1]),
            words[2] as usize,
        );
        let is_bytes = vm.program.types[elem].name == "uint8";
        if obj == 0 {
            return if is_bytes {
                FmtValue::Bytes {
                    ty,
                    addr: 0,
                    bytes: None,
                    array: false,
                }
            } else {
                FmtValue::List {
                    ty,
                    addr: 0,
                    elems: None,
                    array: false,
                }
            };
        }
        let w = vm.program.types[elem].slots.len();
        // SAFETY: `obj` is a live backing array from a current register or heap word, and
        // the slice's offset and length lie within it.
        let payload = unsafe { vm.heap.payload(GcRef::from_bits(obj)) };
        let element = |i: usize| &payload[off + i * w..off + (i + 1) * w];
        if is_bytes {
            let bytes = (0..len).map(|i| element(i)[0] as u8).collect();
            return FmtValue::Bytes {
                ty,
                addr: obj,
                bytes: Some(bytes),
                array: false,
            };
        }
        let elems = (0..len)
            .map(|i| self.words_value(elem, element(i), exported))
            .collect();
        FmtValue::List {
            ty,
            addr: obj,
            elems: Some(elems),
            array: false,
        }
    }

    /// An array held inline in `words`: `len` elements of runtime type `elem`.
    fn array_value(
        &mut self,
        t: usize,
        elem: usize,
        len: usize,
        words: &[u64],
        exported: bool,
    ) -> FmtValue {
        let vm = self.vm;
        let ty: Rc<str> = Rc::from(vm.program.types[t].name.as_str());
        let w = vm.program.types[elem].slots.len();
        let element = |i: usize| &words[i * w..(i + 1) * w];
        if vm.program.types[elem].name == "uint8" {
            let bytes = (0..len).map(|i| element(i)[0] as u8).collect();
            return FmtValue::Bytes {
                ty,
                addr: 0,
                bytes: Some(bytes),
                array: true,
            };
        }
        let elems = (0..len)
            .map(|i| self.words_value(elem, element(i), exported))
            .collect();
        FmtValue::List {
            ty,
            addr: 0,
            elems: Some(elems),
            array: true,
        }
    }
}

fn is_exported(name: &str) -> bool {
    name.chars().next().is_some_and(char::is_uppercase)
}

fn int_kind(name: &str) -> IntKind {
    match name {
        "int8" => IntKind::Int8,
        "int16" => IntKind::Int16,
        "int32" => IntKind::Int32,
        "int64" => IntKind::Int64,
        _ => IntKind::Int,
    }
}

fn uint_kind(name: &str) -> UintKind {
    match name {
        "uint8" => UintKind::Uint8,
        "uint16" => UintKind::Uint16,
        "uint32" => UintKind::Uint32,
        "uint64" => UintKind::Uint64,
        "uintptr" => UintKind::Uintptr,
        _ => UintKind::Uint,
    }
}
