// Command demodata writes a demo data folder for Zoom Connections: metadata
// only, no secret. Usage: go run ./bench/demodata [-connections N] DIR
package main

import (
	"flag"
	"fmt"
	"os"

	"zoomconn/internal/demo"
)

func main() {
	n := flag.Int("connections", 0, "number of connections (default: the nine demo connections)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: demodata [-connections N] DIR")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	var err error
	if *n > 0 {
		err = demo.WriteN(flag.Arg(0), *n)
	} else {
		err = demo.Write(flag.Arg(0))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "demodata:", err)
		os.Exit(1)
	}
}
