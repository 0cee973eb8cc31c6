use accord_framework::{Context, command};

#[command]
fn ping(_: Context<()>) -> Result<(), std::io::Error> {
    Ok(())
}

fn main() {}
