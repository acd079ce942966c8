fn main() {
    poolgate::start();
}
