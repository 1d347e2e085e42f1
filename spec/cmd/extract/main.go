// Command extract reads the pinned BOLT markdown and writes the message,
// onion failure, TLV stream and subtype formats of BOLTs 1, 2, 4, 7 and 12 as
// the CSV files of spec/, with the BOLT commit in spec/COMMIT:
//
//	go run ./spec/cmd/extract -bolts ../shared/bolts -out spec
//
// It prints the oddities it met in the markdown (skipped layouts, attached
// TLV extensions, dropped options) to stderr. With -check it writes nothing
// and exits 1 when the files in -out differ from a fresh extraction.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/lnstack/lnstack/spec"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("extract", flag.ContinueOnError)
	fl.SetOutput(stderr)
	bolts := fl.String("bolts", "../shared/bolts", "directory of the pinned BOLT markdown (with SOURCE.md)")
	out := fl.String("out", "spec", "directory to write the CSV files and COMMIT into")
	check := fl.Bool("check", false, "write nothing; exit 1 when -out differs from the extraction")
	quiet := fl.Bool("q", false, "do not print the notes")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	files, notes, err := spec.ExtractDir(*bolts)
	if err != nil {
		fmt.Fprintln(stderr, "extract:", err)
		return 1
	}
	if !*quiet {
		for _, n := range notes {
			fmt.Fprintln(stderr, "note:", n)
		}
	}
	drift := 0
	for _, name := range spec.FileNames(files) {
		path := filepath.Join(*out, name)
		if *check {
			old, err := os.ReadFile(path)
			if err != nil || !bytes.Equal(old, files[name]) {
				fmt.Fprintf(stderr, "extract: %s differs from the extraction of %s\n", path, *bolts)
				drift++
			}
			continue
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			fmt.Fprintln(stderr, "extract:", err)
			return 1
		}
		fmt.Fprintf(stdout, "wrote %s (%d bytes)\n", path, len(files[name]))
	}
	if drift > 0 {
		return 1
	}
	return 0
}
