// Placeholder until the workbench window lands.
int main() { return 0; }
