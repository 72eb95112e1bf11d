//! The native functions the VM provides, by Go name: the compiler may call exactly these.

/// Native functions: Go's qualified name.
pub const NATIVES: &[&str] = &[
    "fmt.Print",
    "fmt.Println",
    "fmt.Printf",
    "fmt.Sprint",
    "fmt.Sprintln",
    "fmt.Sprintf",
    "strconv.Itoa",
    "os.Exit",
    "builtin.print",
    "builtin.println",
];

/// The index of native `name`, if the VM provides it.
pub fn native_index(name: &str) -> Option<u16> {
    NATIVES.iter().position(|n| *n == name).map(|i| i as u16)
}
