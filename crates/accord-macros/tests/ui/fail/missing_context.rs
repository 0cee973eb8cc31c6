use accord_framework::command;

#[command]
async fn ping() -> Result<(), std::io::Error> {
    Ok(())
}

fn main() {}
