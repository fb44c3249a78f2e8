// Migrations and canned queries are embedded at compile time; without these
// lines a new file in either folder would not trigger a rebuild.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=queries");
}
