// Command hellogo is the baseline of bench/version.sh: the smallest Go
// program that prints a line, built the same way as the console build.
package main

import (
	"fmt"
	"os"
)

func main() { fmt.Fprintln(os.Stdout, "hello, world") }
