# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_publisher_global_optspecs
    string join \n endpoint= user= profile= sandbox output= jq= events= v/verbose log-file= q/quiet progress= color= allow-http ca-bundle= retries= timeout= y/yes h/help V/version
end

function __fish_publisher_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_publisher_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_publisher_using_subcommand
    set -l cmd (__fish_publisher_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c publisher -n "__fish_publisher_needs_command" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_needs_command" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_needs_command" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_needs_command" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_needs_command" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_needs_command" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_needs_command" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_needs_command" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_needs_command" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_needs_command" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_needs_command" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_needs_command" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_needs_command" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_needs_command" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_needs_command" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_needs_command" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_needs_command" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_needs_command" -s V -l version -d 'Print version'
complete -c publisher -n "__fish_publisher_needs_command" -f -a "image" -d 'Machine images: upload, status, list, delete'
complete -c publisher -n "__fish_publisher_needs_command" -f -a "package" -d 'Application packages: validate locally, create, inspect'
complete -c publisher -n "__fish_publisher_needs_command" -f -a "listing" -d 'Listings (applications and services) of the publisher'
complete -c publisher -n "__fish_publisher_needs_command" -f -a "application" -d 'Application listings and their lifecycle'
complete -c publisher -n "__fish_publisher_needs_command" -f -a "auth" -d 'Credentials: status, login, logout'
complete -c publisher -n "__fish_publisher_needs_command" -f -a "sandbox" -d 'Run a local emulator of the publisher API'
complete -c publisher -n "__fish_publisher_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c publisher -n "__fish_publisher_needs_command" -f -a "man" -d 'Print the man page (roff) of publisher or of a subcommand, or write them all to a directory'
complete -c publisher -n "__fish_publisher_needs_command" -f -a "help" -d 'Help on a command, or a topic: exit-codes, environment'
complete -c publisher -n "__fish_publisher_using_subcommand image; and not __fish_seen_subcommand_from upload status list delete uploads abort" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and not __fish_seen_subcommand_from upload status list delete uploads abort" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and not __fish_seen_subcommand_from upload status list delete uploads abort" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and not __fish_seen_subcommand_from upload status list delete uploads abort" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand image; and not __fish_seen_subcommand_from upload status list delete uploads abort" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and not __fish_seen_subcommand_from upload status list delete uploads abort" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand image; and not __fish_seen_subcommand_from upload status list delete uploads abort" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand image; and not __fish_seen_subcommand_from upload status list delete uploads abort" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand image; and not __fish_seen_subcommand_from upload status list delete uploads abort" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand image; and not __fish_seen_subcommand_from upload status list delete uploads abort" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand image; and not __fish_seen_subcommand_from upload status list delete uploads abort" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and not __fish_seen_subcommand_from upload status list delete uploads abort" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and not __fish_seen_subcommand_from upload status list delete uploads abort" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand image; and not __fish_seen_subcommand_from upload status list delete uploads abort" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand image; and not __fish_seen_subcommand_from upload status list delete uploads abort" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand image; and not __fish_seen_subcommand_from upload status list delete uploads abort" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand image; and not __fish_seen_subcommand_from upload status list delete uploads abort" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand image; and not __fish_seen_subcommand_from upload status list delete uploads abort" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand image; and not __fish_seen_subcommand_from upload status list delete uploads abort" -f -a "upload" -d 'Upload a machine image (whole, or chunked in parallel, resumable, verified)'
complete -c publisher -n "__fish_publisher_using_subcommand image; and not __fish_seen_subcommand_from upload status list delete uploads abort" -f -a "status" -d 'Show the status of an upload request'
complete -c publisher -n "__fish_publisher_using_subcommand image; and not __fish_seen_subcommand_from upload status list delete uploads abort" -f -a "list" -d 'Search upload requests'
complete -c publisher -n "__fish_publisher_using_subcommand image; and not __fish_seen_subcommand_from upload status list delete uploads abort" -f -a "delete" -d 'Delete an uploaded image from all data centres'
complete -c publisher -n "__fish_publisher_using_subcommand image; and not __fish_seen_subcommand_from upload status list delete uploads abort" -f -a "uploads" -d 'List local upload journals (pending and completed uploads)'
complete -c publisher -n "__fish_publisher_using_subcommand image; and not __fish_seen_subcommand_from upload status list delete uploads abort" -f -a "abort" -d 'Forget a local upload journal and delete its upload request on the server'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l chunks -d 'Upload in this many chunks (at least 1)' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l chunk-size -d 'Upload in chunks of this size (e.g. 256MiB); the count is derived' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l parallel -d 'Chunks in flight at once: a number from 1 to 64, or auto (start at 1-8, grow while the link\'s throughput grows, up to 32, back off on 429, 5xx, timeouts and stalls, come down to 1 while sending outruns the file\'s hashing)' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l bwlimit -d 'One bandwidth cap for all connections, in bytes per second (e.g. 10MiB, 500KB)' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l application -d 'Application name in the image metadata [default: file name without extensions]' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l version -d 'Image version in the metadata [default: 1.0]' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l os -d 'Operating system in the metadata' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l wait -d 'Seconds to wait for server processing after the merge' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l resume -d 'Continue an upload request started elsewhere (no local journal needed): every chunk is sent again, and chunks the server already holds count as delivered' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l whole -d 'Send the file in one request, whatever its size'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l overwrite -d 'Replace an existing storage file with the same path'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l restart -d 'Ignore any saved state for this file and start a new upload'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l verify-resume -d 'Re-hash chunks recorded as sent before trusting them on resume'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l no-wait -d 'Return after the merge without waiting for server processing'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l require-checksum -d 'Exit 7 unless the server\'s whole-file checksum was compared with the local MD5'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l dry-run -d 'Show the plan (whole or chunked, chunks, journal state, storage path) and change nothing'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from upload" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from status" -l wait -d 'Wait until the server finishes processing (optional limit in seconds)' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from status" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from status" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from status" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from status" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from status" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from status" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from status" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from status" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from status" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from status" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from status" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from status" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from status" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from status" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from status" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from list" -l status -d 'Status filter, comma-separated (COMPLETED, FAILED, INITIATED, ...)' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from list" -l keyword -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from list" -l limit -d 'Page size (1-100)' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from list" -l offset -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from list" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from list" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from list" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from list" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from list" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from list" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from list" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from list" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from list" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from list" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from list" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from list" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from list" -l all -d 'Follow pages until the end'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from list" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from list" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from delete" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from delete" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from delete" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from delete" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from delete" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from delete" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from delete" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from delete" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from delete" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from delete" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from delete" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from delete" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from delete" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from delete" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from uploads" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from uploads" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from uploads" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from uploads" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from uploads" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from uploads" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from uploads" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from uploads" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from uploads" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from uploads" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from uploads" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from uploads" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from uploads" -l all -d 'Follow pages until the end (the local list is never paged: accepted so that scripts can pass --all to every list)'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from uploads" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from uploads" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from uploads" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from uploads" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from uploads" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from uploads" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from abort" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from abort" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from abort" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from abort" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from abort" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from abort" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from abort" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from abort" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from abort" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from abort" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from abort" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from abort" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from abort" -l keep-remote -d 'Only forget the local journal'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from abort" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from abort" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from abort" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from abort" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from abort" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand image; and __fish_seen_subcommand_from abort" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand package; and not __fish_seen_subcommand_from validate create update get list validate-remote delete schema explain" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and not __fish_seen_subcommand_from validate create update get list validate-remote delete schema explain" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and not __fish_seen_subcommand_from validate create update get list validate-remote delete schema explain" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and not __fish_seen_subcommand_from validate create update get list validate-remote delete schema explain" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand package; and not __fish_seen_subcommand_from validate create update get list validate-remote delete schema explain" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and not __fish_seen_subcommand_from validate create update get list validate-remote delete schema explain" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and not __fish_seen_subcommand_from validate create update get list validate-remote delete schema explain" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and not __fish_seen_subcommand_from validate create update get list validate-remote delete schema explain" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand package; and not __fish_seen_subcommand_from validate create update get list validate-remote delete schema explain" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand package; and not __fish_seen_subcommand_from validate create update get list validate-remote delete schema explain" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and not __fish_seen_subcommand_from validate create update get list validate-remote delete schema explain" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and not __fish_seen_subcommand_from validate create update get list validate-remote delete schema explain" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and not __fish_seen_subcommand_from validate create update get list validate-remote delete schema explain" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand package; and not __fish_seen_subcommand_from validate create update get list validate-remote delete schema explain" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand package; and not __fish_seen_subcommand_from validate create update get list validate-remote delete schema explain" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand package; and not __fish_seen_subcommand_from validate create update get list validate-remote delete schema explain" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand package; and not __fish_seen_subcommand_from validate create update get list validate-remote delete schema explain" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand package; and not __fish_seen_subcommand_from validate create update get list validate-remote delete schema explain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand package; and not __fish_seen_subcommand_from validate create update get list validate-remote delete schema explain" -f -a "validate" -d 'Check a package JSON locally: schema and cross-references'
complete -c publisher -n "__fish_publisher_using_subcommand package; and not __fish_seen_subcommand_from validate create update get list validate-remote delete schema explain" -f -a "create" -d 'Validate, then create the package on a listing'
complete -c publisher -n "__fish_publisher_using_subcommand package; and not __fish_seen_subcommand_from validate create update get list validate-remote delete schema explain" -f -a "update" -d 'Replace a package (PUT); validates first'
complete -c publisher -n "__fish_publisher_using_subcommand package; and not __fish_seen_subcommand_from validate create update get list validate-remote delete schema explain" -f -a "get" -d 'Show a package'
complete -c publisher -n "__fish_publisher_using_subcommand package; and not __fish_seen_subcommand_from validate create update get list validate-remote delete schema explain" -f -a "list" -d 'List the packages of a listing'
complete -c publisher -n "__fish_publisher_using_subcommand package; and not __fish_seen_subcommand_from validate create update get list validate-remote delete schema explain" -f -a "validate-remote" -d 'Ask the server to validate a package (PATCH {"action":"validate"})'
complete -c publisher -n "__fish_publisher_using_subcommand package; and not __fish_seen_subcommand_from validate create update get list validate-remote delete schema explain" -f -a "delete" -d 'Delete a package'
complete -c publisher -n "__fish_publisher_using_subcommand package; and not __fish_seen_subcommand_from validate create update get list validate-remote delete schema explain" -f -a "schema" -d 'Print the JSON Schema (draft 2020-12) of a package document'
complete -c publisher -n "__fish_publisher_using_subcommand package; and not __fish_seen_subcommand_from validate create update get list validate-remote delete schema explain" -f -a "explain" -d 'Explain a validation rule'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate" -l format -d 'Diagnostics format' -r -f -a "text\t''
json\t''
sarif\t''
github\t''
gitlab\t'GitLab Code Quality JSON (artifacts:reports:codequality)'
junit\t'JUnit XML (artifacts:reports:junit)'"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate" -l file -d 'The artefact that will be sent with the package (checked against resources)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate" -l report -d 'Also write the diagnostics in FORMAT to FILE (repeatable), e.g. junit=report.xml' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate" -l deny-warnings -d 'Treat warnings as errors'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from create" -l file -d 'Artefact to upload with the package (multipart field `file`)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from create" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from create" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from create" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from create" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from create" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from create" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from create" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from create" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from create" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from create" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from create" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from create" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from create" -l no-validate -d 'Send without local validation'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from create" -l deny-warnings -d 'Treat warnings as errors'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from create" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from create" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from create" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from update" -l file -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from update" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from update" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from update" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from update" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from update" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from update" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from update" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from update" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from update" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from update" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from update" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from update" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from update" -l no-validate
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from update" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from update" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from update" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from update" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from get" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from get" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from get" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from get" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from get" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from get" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from get" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from get" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from get" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from get" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from get" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from get" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from get" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from get" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from get" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from get" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from list" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from list" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from list" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from list" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from list" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from list" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from list" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from list" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from list" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from list" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from list" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from list" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from list" -l all -d 'Follow pages until the end (the package list is not paged: accepted for scripts that pass it to every list)'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from list" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from list" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate-remote" -l wait -d 'When the server validates later (202), seconds to wait for the verdict' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate-remote" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate-remote" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate-remote" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate-remote" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate-remote" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate-remote" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate-remote" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate-remote" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate-remote" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate-remote" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate-remote" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate-remote" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate-remote" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate-remote" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate-remote" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate-remote" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate-remote" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from validate-remote" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from delete" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from delete" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from delete" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from delete" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from delete" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from delete" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from delete" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from delete" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from delete" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from delete" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from delete" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from delete" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from delete" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from delete" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from delete" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from delete" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from delete" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from delete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from schema" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from schema" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from schema" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from schema" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from schema" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from schema" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from schema" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from schema" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from schema" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from schema" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from schema" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from schema" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from schema" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from schema" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from schema" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from schema" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from schema" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from schema" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from explain" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from explain" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from explain" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from explain" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from explain" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from explain" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from explain" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from explain" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from explain" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from explain" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from explain" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from explain" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from explain" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from explain" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from explain" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from explain" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from explain" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand package; and __fish_seen_subcommand_from explain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand listing; and not __fish_seen_subcommand_from list" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand listing; and not __fish_seen_subcommand_from list" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand listing; and not __fish_seen_subcommand_from list" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand listing; and not __fish_seen_subcommand_from list" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand listing; and not __fish_seen_subcommand_from list" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand listing; and not __fish_seen_subcommand_from list" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand listing; and not __fish_seen_subcommand_from list" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand listing; and not __fish_seen_subcommand_from list" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand listing; and not __fish_seen_subcommand_from list" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand listing; and not __fish_seen_subcommand_from list" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand listing; and not __fish_seen_subcommand_from list" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand listing; and not __fish_seen_subcommand_from list" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand listing; and not __fish_seen_subcommand_from list" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand listing; and not __fish_seen_subcommand_from list" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand listing; and not __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand listing; and not __fish_seen_subcommand_from list" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand listing; and not __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand listing; and not __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand listing; and not __fish_seen_subcommand_from list" -f -a "list" -d 'List the publisher\'s listings'
complete -c publisher -n "__fish_publisher_using_subcommand listing; and __fish_seen_subcommand_from list" -l status -d 'Status filter, comma-separated (NEW,PUBLISHED,...)' -r
complete -c publisher -n "__fish_publisher_using_subcommand listing; and __fish_seen_subcommand_from list" -l limit -r
complete -c publisher -n "__fish_publisher_using_subcommand listing; and __fish_seen_subcommand_from list" -l offset -r
complete -c publisher -n "__fish_publisher_using_subcommand listing; and __fish_seen_subcommand_from list" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand listing; and __fish_seen_subcommand_from list" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand listing; and __fish_seen_subcommand_from list" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand listing; and __fish_seen_subcommand_from list" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand listing; and __fish_seen_subcommand_from list" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand listing; and __fish_seen_subcommand_from list" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand listing; and __fish_seen_subcommand_from list" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand listing; and __fish_seen_subcommand_from list" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand listing; and __fish_seen_subcommand_from list" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand listing; and __fish_seen_subcommand_from list" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand listing; and __fish_seen_subcommand_from list" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand listing; and __fish_seen_subcommand_from list" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand listing; and __fish_seen_subcommand_from list" -l all -d 'Follow pages until the end'
complete -c publisher -n "__fish_publisher_using_subcommand listing; and __fish_seen_subcommand_from list" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand listing; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand listing; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand listing; and __fish_seen_subcommand_from list" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand listing; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand listing; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand application; and not __fish_seen_subcommand_from list get version submit publish withdraw wait" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and not __fish_seen_subcommand_from list get version submit publish withdraw wait" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and not __fish_seen_subcommand_from list get version submit publish withdraw wait" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and not __fish_seen_subcommand_from list get version submit publish withdraw wait" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand application; and not __fish_seen_subcommand_from list get version submit publish withdraw wait" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and not __fish_seen_subcommand_from list get version submit publish withdraw wait" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand application; and not __fish_seen_subcommand_from list get version submit publish withdraw wait" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand application; and not __fish_seen_subcommand_from list get version submit publish withdraw wait" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand application; and not __fish_seen_subcommand_from list get version submit publish withdraw wait" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand application; and not __fish_seen_subcommand_from list get version submit publish withdraw wait" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand application; and not __fish_seen_subcommand_from list get version submit publish withdraw wait" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and not __fish_seen_subcommand_from list get version submit publish withdraw wait" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and not __fish_seen_subcommand_from list get version submit publish withdraw wait" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand application; and not __fish_seen_subcommand_from list get version submit publish withdraw wait" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand application; and not __fish_seen_subcommand_from list get version submit publish withdraw wait" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand application; and not __fish_seen_subcommand_from list get version submit publish withdraw wait" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand application; and not __fish_seen_subcommand_from list get version submit publish withdraw wait" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand application; and not __fish_seen_subcommand_from list get version submit publish withdraw wait" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand application; and not __fish_seen_subcommand_from list get version submit publish withdraw wait" -f -a "list" -d 'List applications'
complete -c publisher -n "__fish_publisher_using_subcommand application; and not __fish_seen_subcommand_from list get version submit publish withdraw wait" -f -a "get" -d 'Show an application listing'
complete -c publisher -n "__fish_publisher_using_subcommand application; and not __fish_seen_subcommand_from list get version submit publish withdraw wait" -f -a "version" -d 'Create a new version of a published listing'
complete -c publisher -n "__fish_publisher_using_subcommand application; and not __fish_seen_subcommand_from list get version submit publish withdraw wait" -f -a "submit" -d 'Submit a listing for review'
complete -c publisher -n "__fish_publisher_using_subcommand application; and not __fish_seen_subcommand_from list get version submit publish withdraw wait" -f -a "publish" -d 'Publish an approved listing'
complete -c publisher -n "__fish_publisher_using_subcommand application; and not __fish_seen_subcommand_from list get version submit publish withdraw wait" -f -a "withdraw" -d 'Withdraw a published listing'
complete -c publisher -n "__fish_publisher_using_subcommand application; and not __fish_seen_subcommand_from list get version submit publish withdraw wait" -f -a "wait" -d 'Wait until a listing reaches one of the given statuses; `--timeout 1h` limits the wait (default 30m), exit 9 when it runs out'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from list" -l limit -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from list" -l offset -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from list" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from list" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from list" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from list" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from list" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from list" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from list" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from list" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from list" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from list" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from list" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from list" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from list" -l all -d 'Follow pages until the end'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from list" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from list" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from list" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from get" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from get" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from get" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from get" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from get" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from get" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from get" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from get" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from get" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from get" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from get" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from get" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from get" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from get" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from get" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from get" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from version" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from version" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from version" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from version" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from version" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from version" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from version" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from version" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from version" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from version" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from version" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from version" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from version" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from version" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from version" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from version" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from version" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from version" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from submit" -l note -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from submit" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from submit" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from submit" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from submit" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from submit" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from submit" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from submit" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from submit" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from submit" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from submit" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from submit" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from submit" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from submit" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from submit" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from submit" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from submit" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from submit" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from submit" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from publish" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from publish" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from publish" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from publish" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from publish" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from publish" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from publish" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from publish" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from publish" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from publish" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from publish" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from publish" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from publish" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from publish" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from publish" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from publish" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from publish" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from publish" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from withdraw" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from withdraw" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from withdraw" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from withdraw" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from withdraw" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from withdraw" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from withdraw" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from withdraw" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from withdraw" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from withdraw" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from withdraw" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from withdraw" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from withdraw" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from withdraw" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from withdraw" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from withdraw" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from withdraw" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from withdraw" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from wait" -l status -d 'Statuses to wait for, comma-separated (e.g. APPROVED,PUBLISHED)' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from wait" -l interval -d 'Time between polls' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from wait" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from wait" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from wait" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from wait" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from wait" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from wait" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from wait" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from wait" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from wait" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from wait" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from wait" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from wait" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from wait" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from wait" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from wait" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from wait" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from wait" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand application; and __fish_seen_subcommand_from wait" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and not __fish_seen_subcommand_from status login token logout" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and not __fish_seen_subcommand_from status login token logout" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and not __fish_seen_subcommand_from status login token logout" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and not __fish_seen_subcommand_from status login token logout" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand auth; and not __fish_seen_subcommand_from status login token logout" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and not __fish_seen_subcommand_from status login token logout" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand auth; and not __fish_seen_subcommand_from status login token logout" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand auth; and not __fish_seen_subcommand_from status login token logout" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand auth; and not __fish_seen_subcommand_from status login token logout" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand auth; and not __fish_seen_subcommand_from status login token logout" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand auth; and not __fish_seen_subcommand_from status login token logout" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and not __fish_seen_subcommand_from status login token logout" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and not __fish_seen_subcommand_from status login token logout" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and not __fish_seen_subcommand_from status login token logout" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and not __fish_seen_subcommand_from status login token logout" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and not __fish_seen_subcommand_from status login token logout" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and not __fish_seen_subcommand_from status login token logout" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and not __fish_seen_subcommand_from status login token logout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and not __fish_seen_subcommand_from status login token logout" -f -a "status" -d 'Which credentials are used, from where, and the token\'s expiry'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and not __fish_seen_subcommand_from status login token logout" -f -a "login" -d 'Store client id and secret in the profile (secret read from stdin or PUBLISHER_CLIENT_SECRET)'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and not __fish_seen_subcommand_from status login token logout" -f -a "token" -d 'Print a valid bearer token (fetched if needed) on stdout, for other tools (e.g. curl)'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and not __fish_seen_subcommand_from status login token logout" -f -a "logout" -d 'Remove cached tokens (and with --forget, the stored secret)'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from status" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from status" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from status" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from status" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from status" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from status" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from status" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from status" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from status" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from status" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from status" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from status" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from status" -l check -d 'Also make one authenticated request to prove the credentials and user work'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from status" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from status" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from status" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from login" -l client-id -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from login" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from login" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from login" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from login" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from login" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from login" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from login" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from login" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from login" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from login" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from login" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from login" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from login" -l secret-stdin -d 'Read the secret from standard input'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from login" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from login" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from login" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from login" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from login" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from login" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from token" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from token" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from token" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from token" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from token" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from token" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from token" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from token" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from token" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from token" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from token" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from token" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from token" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from token" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from token" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from token" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from token" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from token" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from logout" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from logout" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from logout" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from logout" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from logout" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from logout" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from logout" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from logout" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from logout" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from logout" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from logout" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from logout" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from logout" -l forget
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from logout" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from logout" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from logout" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from logout" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from logout" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand auth; and __fish_seen_subcommand_from logout" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l port -d 'Port on 127.0.0.1 (0 picks a free one)' -r
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l bind -d 'Address to bind (loopback only unless you say otherwise)' -r
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l data-dir -d 'Where uploads and state are kept (survives restarts)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l client-id -r
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l client-secret -d 'Client secret to accept [default: sandbox-secret]' -r
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l token-ttl -d 'Token lifetime in seconds (at least 1)' -r
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l fail-rate -d 'Fraction of requests answered 500 (0-1)' -r
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l reset-rate -d 'Fraction of requests whose connection is dropped mid-request (0-1)' -r
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l stall-rate -d 'Fraction of chunk uploads that stall (stop reading) for a long time (0-1)' -r
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l latency -d 'Added latency per request, in milliseconds' -r
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l rate-limit -d 'Per-connection receive cap (e.g. 10MiB = 10 MiB/s)' -r
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l pipe-rate -d 'One receive budget shared by all connections, like an uplink (e.g. 50MiB = 50 MiB/s)' -r
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l max-concurrent -d 'Requests beyond this many in flight are answered 429 with Retry-After: 1' -r
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l processing-ms -d 'Milliseconds an image spends in "Virus Scan In Progress" after the merge' -r
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l misbehave -d 'Misbehave on purpose, to test clients' -r -f -a "garbage\t''
html\t''
empty\t''
huge\t''
redirect\t''
hang\t''
ratelimit\t''
badsum\t'Status answers report a checksum that does not match the stored image'"
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l seed -d 'Random seed for fault injection (reproducible runs)' -r
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l reading -d 'Play one documented reading of an open question of the API docs (repeatable), e.g. chunk-answer=base64; `--list-readings` shows them all' -r
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l commit-fault-rate -d 'Fraction of state-changing requests whose answer is lost after the change was made (0-1)' -r
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l commit-fault -d 'How that answer is lost' -r -f -a "5xx\t'500 although the change was made'
reset\t'The connection is dropped before the answer'
delay\t'The answer comes late (see --commit-fault-delay-ms)'"
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l commit-fault-delay-ms -d 'With --commit-fault delay: how long the answer is held back, in milliseconds' -r
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l commit-fault-on -d 'Which requests --commit-fault-rate applies to' -r -f -a "all\t'Every state-changing request (POST, PUT, PATCH, DELETE)'
whole\t'The whole-file upload (`POST /machineimages` without X-Number-Of-Chunks)'
initiate\t'The chunked upload\'s initiate call (`POST /machineimages` with X-Number-Of-Chunks)'
chunk\t'`POST /machineimages/{id}/chunk`'
merge\t'The merge (`PATCH /machineimages/{id}`)'"
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l fail-first -d 'Answer the first request with this method 500, before it changes anything' -r -f -a "get\t''
post\t''
put\t''
patch\t''
delete\t''"
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l discard -d 'Read image bodies and throw them away (no hashing, no storage, no checkSum): for benchmarking the client, not the disk'
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l list-readings -d 'List every question and its readings (the default first), then exit'
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l fail-reads-after-lost -d 'Once an answer was lost after the commit, answer every GET 500 (the client cannot find out what happened)'
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand sandbox" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand completions" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand completions" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand completions" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand completions" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand completions" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand completions" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand completions" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand completions" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand completions" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand completions" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand completions" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand completions" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand completions" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand completions" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand completions" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand completions" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand completions" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand man" -l out-dir -d 'Write publisher.1 and one page per subcommand (publisher-image-upload.1, ...) here' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand man" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand man" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand man" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand man" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand man" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand man" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand man" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand man" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand man" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand man" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand man" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand man" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand man" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand man" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand man" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand man" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand man" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c publisher -n "__fish_publisher_using_subcommand help" -l endpoint -d 'API host root [env: PUBLISHER_ENDPOINT] [default: https://ocm-apis-cloud.oracle.com]; `sandbox` for the built-in emulator' -r
complete -c publisher -n "__fish_publisher_using_subcommand help" -l user -d 'Partner user e-mail, sent as X-Oracle-UserId [env: PUBLISHER_USER]' -r
complete -c publisher -n "__fish_publisher_using_subcommand help" -l profile -d 'Profile in the config file [env: PUBLISHER_PROFILE] [default: default]' -r
complete -c publisher -n "__fish_publisher_using_subcommand help" -l output -d 'Result format on stdout (human messages and progress always go to stderr); `ndjson` prints one line per list item' -r -f -a "text\t''
json\t''
ndjson\t'Lists: one JSON item per line; other results: one compact JSON line'"
complete -c publisher -n "__fish_publisher_using_subcommand help" -l jq -d 'Print only what the jq-style filter selects from the JSON result (implies JSON): `.a.b`, `.items[].id`, `.items | length`, `select(.x == "y")`' -r
complete -c publisher -n "__fish_publisher_using_subcommand help" -l events -d 'Stream typed events as NDJSON to a file, or `-` for stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand help" -l log-file -d 'Write the -v/-vv traces to this file (appended, mode 0600) instead of stderr' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand help" -l progress -d 'Upload progress: bars on a terminal, plain timestamped lines elsewhere (auto), or forced' -r -f -a "auto\t'Bars on an interactive terminal; plain lines in CI, pipes and dumb terminals'
bars\t''
plain\t''
none\t''"
complete -c publisher -n "__fish_publisher_using_subcommand help" -l color -d 'Colour: auto honours NO_COLOR, CLICOLOR, CLICOLOR_FORCE, FORCE_COLOR and TERM=dumb' -r -f -a "auto\t''
always\t''
never\t''"
complete -c publisher -n "__fish_publisher_using_subcommand help" -l ca-bundle -d 'Extra PEM CA bundle to trust (corporate TLS proxies)' -r -F
complete -c publisher -n "__fish_publisher_using_subcommand help" -l retries -d 'Retries per request after the first attempt, on network errors, timeouts, 429 and 5xx (0 = no retry)' -r
complete -c publisher -n "__fish_publisher_using_subcommand help" -l timeout -d 'Seconds (or a duration: 90s, 10m) before a request that makes no progress is abandoned and retried; with `application wait` on its command line: how long to wait (default 30m there)' -r
complete -c publisher -n "__fish_publisher_using_subcommand help" -l sandbox -d 'Run against an in-process sandbox with throwaway credentials (no setup needed)'
complete -c publisher -n "__fish_publisher_using_subcommand help" -s v -l verbose -d 'Print request/response lines (-v), and headers with secrets redacted (-vv) [env: PUBLISHER_VERBOSE=1|2]'
complete -c publisher -n "__fish_publisher_using_subcommand help" -s q -l quiet -d 'Print only the result'
complete -c publisher -n "__fish_publisher_using_subcommand help" -l allow-http -d 'Allow plain http to a non-loopback endpoint'
complete -c publisher -n "__fish_publisher_using_subcommand help" -s y -l yes -d 'Answer yes to confirmations (required for destructive commands without a terminal)'
complete -c publisher -n "__fish_publisher_using_subcommand help" -s h -l help -d 'Print help (see more with \'--help\')'
