fn main() -> std::process::ExitCode {
    vitae::cli::main()
}
