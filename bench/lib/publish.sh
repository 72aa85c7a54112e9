# shellcheck shell=bash
# How every bench script ends, sourced by them:
#
#   publish_summary FILE DOC    print the Markdown summary FILE, and append it to DOC (docs/benchmarks.md) unless
#                               DOC is empty; a missing DOC is started with its heading

publish_summary() {
  local file=$1 doc=$2
  echo
  cat "$file"
  [[ -n $doc ]] || return 0
  mkdir -p "$(dirname "$doc")"
  if [[ ! -s $doc ]]; then
    printf '# Benchmarks\n\nResults of the benchmarks in `bench/` (see bench/README.md), newest last. Only ratios and medians of\ninterleaved rounds mean anything on a small shared VM.\n' >"$doc"
  fi
  printf '\n' >>"$doc"
  cat "$file" >>"$doc"
  echo "Summary appended to $doc" >&2
}
