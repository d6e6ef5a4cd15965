# shellcheck shell=bash
# Sourced by every launcher in scripts/: runs a process's jar, building it first when it
# is missing or older than the sources it comes from.
#
#   cohort_launch <module> [args...]     module: bank-process | customer-process
#   cohort_ensure_jar <module>           build only; prints the jar's path
#   cohort_java                          prints the java to run (or says how to get one)
#
# Environment: JAVA (the java to run; default $JAVA_HOME/bin/java, else java on PATH),
# COHORT_JAVA_OPTS (extra JVM options, split on spaces) and COHORT_MAIN (a main class in the
# to run instead of the jar's own, as scripts/trace and scripts/simulate do; it runs from
# cohort_harness_jar, and the process options of cohort_process_opts apply only to the bank
# and customer processes themselves).

COHORT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"

# Prints the modules whose classes <module>'s jar bundles: the module itself, then every module
# of this project its pom depends on, and theirs in turn (the customer jar bundles the bank's
# classes for the simulator, and both bundle common).
cohort_jar_modules() {
    local module=$1 seen=" $1 " queue=("$1") next dep
    printf '%s\n' "$module"
    while (( ${#queue[@]} > 0 )); do
        next=${queue[0]}
        queue=("${queue[@]:1}")
        for dep in common bank-process customer-process; do
            [[ $seen == *" $dep "* ]] && continue
            if grep -q "<artifactId>$dep</artifactId>" "$COHORT_ROOT/$next/pom.xml" 2>/dev/null; then
                seen+="$dep "
                queue+=("$dep")
                printf '%s\n' "$dep"
            fi
        done
    done
}

# True when the jar is missing or any source, resource or pom of a module it bundles is newer.
cohort_jar_stale() {
    local module=$1 jar=$2 dep newer
    [[ -f $jar ]] || return 0
    local paths=("$COHORT_ROOT/pom.xml")
    while IFS= read -r dep; do
        paths+=("$COHORT_ROOT/$dep/src/main" "$COHORT_ROOT/$dep/pom.xml")
    done < <(cohort_jar_modules "$module")
    newer=$(find "${paths[@]}" -newer "$jar" -print -quit 2>/dev/null || true)
    [[ -n $newer ]]
}

cohort_build() {
    local module=$1 jar=$2
    local output status=0
    echo "building $module..." >&2
    output=$(cd "$COHORT_ROOT" && ./mvnw -q -B -DskipTests package -pl "$module" -am 2>&1 </dev/null) \
        || status=$?
    if (( status != 0 )); then
        printf '%s\n' "$output" | tail -n 20 >&2
        echo "error: building $module failed; to see why, run:" >&2
        echo "  cd '$COHORT_ROOT' && ./mvnw -B -DskipTests package -pl $module -am" >&2
        return 1
    fi
    if [[ ! -f $jar ]]; then
        echo "error: the build succeeded but did not produce $jar" >&2
        return 1
    fi
}

# The jar that runs the tools of <module> (COHORT_MAIN): for the customer module
# customer-harness.jar, the product plus the simulator, scenario runner, benchmark, live view
# and the bank's classes, which the product jar leaves out (customer-process/pom.xml); for
# any other module its own jar.
cohort_harness_jar() {
    local module=$1
    if [[ $module == customer-process ]]; then
        printf '%s\n' "$COHORT_ROOT/customer-process/target/customer-harness.jar"
    else
        printf '%s\n' "$COHORT_ROOT/$module/target/$module.jar"
    fi
}

# Makes sure <module>'s jar (and its harness jar) exists and is fresh, building it when
# needed, and that its class data archive (below) matches it; prints the jar's path.
cohort_ensure_jar() {
    local module=$1
    local jar="$COHORT_ROOT/$module/target/$module.jar"
    local harness
    harness=$(cohort_harness_jar "$module")
    if cohort_jar_stale "$module" "$jar" || cohort_jar_stale "$module" "$harness" || cohort_archive_stale "$jar"; then
        # Launchers started together (a demo opens several terminals) build once, not at once.
        mkdir -p "$COHORT_ROOT/common/target"
        exec 9>"$COHORT_ROOT/common/target/.launch.lock"
        if command -v flock >/dev/null 2>&1; then
            flock 9
        fi
        if cohort_jar_stale "$module" "$jar" || cohort_jar_stale "$module" "$harness"; then
            cohort_build "$module" "$jar" || { exec 9>&-; return 1; }
        fi
        if cohort_archive_stale "$jar"; then
            cohort_make_archive "$module" "$jar"
        fi
        exec 9>&-
    fi
    printf '%s\n' "$jar"
}

# The JVM options of a bank or customer process, one per line (ProcessLauncher in
# customer-process's runner package uses the same): the C1 compiler only and the serial
# collector, which start fast and stay small on a shared two-core machine; a small customer
# heap whose young generation is small too (the garbage of a burst of transfers then reuses
# the same few MiB instead of touching the whole heap), and methods compiled after a quarter
# of the usual calls (a fresh customer's first transfers would otherwise run interpreted);
# JVM warnings on stderr, never on the console's stdout; and the jar's class data archive
# when there is one.
cohort_process_opts() {
    local module=$1 jar=$2
    local heap=(-Xmx64m -Xmn6m -XX:CompileThresholdScaling=0.25)
    [[ $module == bank-process ]] && heap=(-Xmx1g)
    printf '%s\n' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData "${heap[@]}" \
        -XX:+DisplayVMOutputToStderr -Xlog:disable -Xlog:all=warning:stderr -Xshare:auto
    if [[ -f ${jar%.jar}.jsa ]]; then
        printf '%s\n' "-XX:SharedArchiveFile=${jar%.jar}.jsa"
    fi
}

# True when the jar's class data archive (target/<module>.jsa) is missing, older than the jar,
# or made by another JVM than the one that would map it: a static archive holds the JDK's own
# classes too, so a JDK updated in place, or another one chosen with JAVA or JAVA_HOME, would
# not map it and every start would run without class sharing (target/<module>.jsa.jvm records
# which JVM made it).
cohort_archive_stale() {
    local jar=$1
    [[ ! -f ${jar%.jar}.jsa || ${jar%.jar}.jsa -ot $jar ]] && return 0
    [[ $(cat "${jar%.jar}.jsa.jvm" 2>/dev/null) != "$(cohort_jvm_id)" ]]
}

# Names the JVM that cohort_java runs without starting it: the path of its libjvm.so and that
# file's size and modification time, which change when the JDK is replaced or updated.
cohort_jvm_id() {
    local java lib
    java=$(cohort_java 2>/dev/null) || return 0
    java=$(readlink -f "$(command -v "$java")" 2>/dev/null) || return 0
    lib=$(dirname "$java")/../lib/server/libjvm.so
    [[ -f $lib ]] && stat -L -c '%n %s %Y' "$(readlink -f "$lib")" 2>/dev/null
}

# Makes target/<module>.jsa, a static class data sharing archive: the classes a process loads
# until it listens (the JDK's, ours and the libraries'), parsed and verified once here and
# mapped by every later start (-Xshare). A short training run starts the process on
# free-looking loopback ports with no input, so it quits at once, and lists the classes it
# loaded; -Xshare:dump then archives them. Static, not a dynamic archive of the training run
# (-XX:ArchiveClassesAtExit): JDK 17 leaves class files older than Java 6 out of a dynamic
# archive, and picocli's ~170 classes are Java 5 class files, so every start loaded and
# verified them from the jar (docs/PERFORMANCE.md, start-up). Best effort: without an
# archive the processes start, only slower.
cohort_make_archive() {
    local module=$1 jar=$2
    local java tmp port opts=()
    java=$(cohort_java) || return 0
    tmp=$(mktemp -d)
    port=$((20000 + RANDOM % 40000))
    mapfile -t opts < <(cohort_process_opts "$module" "$jar" | grep -v SharedArchiveFile)
    # --name on an empty state directory: a customer started by name also loads its store.
    local args=(--bank "127.0.0.1:$port" --port1 $((port + 1)) --port2 $((port + 2)) --state-dir "$tmp/state"
                --name training --log "$tmp/training.log")
    if [[ $module == bank-process ]]; then
        # A table of one row, so that the run reads rows as a real start does.
        printf '%s\n' name,balance,ip_address,port1,port2,cohort,exit_state \
            "training,1.00,127.0.0.1,$((port + 1)),$((port + 2)),,active" >"$tmp/data.csv"
        args=(--host 127.0.0.1 --port "$port" --data "$tmp/data.csv" --log "$tmp/training.log")
    fi
    timeout 120 "$java" "${opts[@]}" "-XX:DumpLoadedClassList=$tmp/classes.lst" -jar "$jar" "${args[@]}" \
        </dev/null >/dev/null 2>&1 || true
    # The same options as the processes (the archive must match their collector); the class
    # path exactly as they give it (-jar "$jar"), which the archive records and checks.
    if [[ -s $tmp/classes.lst ]]; then
        timeout 120 "$java" "${opts[@]}" -Xshare:dump "-XX:SharedClassListFile=$tmp/classes.lst" \
            "-XX:SharedArchiveFile=$tmp/archive.jsa" -cp "$jar" >/dev/null 2>&1 || true
    fi
    if [[ -s $tmp/archive.jsa ]]; then
        mv -f "$tmp/archive.jsa" "${jar%.jar}.jsa"
        cohort_jvm_id >"${jar%.jar}.jsa.jvm"
    fi
    rm -rf "$tmp"
}

# Prints the java to run: $JAVA, else $JAVA_HOME/bin/java, else java on the PATH.
cohort_java() {
    local java=${JAVA:-}
    if [[ -z $java ]]; then
        if [[ -n ${JAVA_HOME:-} && -x $JAVA_HOME/bin/java ]]; then
            java=$JAVA_HOME/bin/java
        else
            java=java
        fi
    fi
    if ! command -v "$java" >/dev/null 2>&1; then
        echo "error: cannot run '$java'; install a JDK 17 or newer, or set JAVA to its java" >&2
        return 1
    fi
    printf '%s\n' "$java"
}

cohort_launch() {
    local module=$1
    shift
    local jar java
    jar=$(cohort_ensure_jar "$module") || exit 1
    java=$(cohort_java) || exit 1
    local opts=() process_opts=()
    read -r -a opts <<<"${COHORT_JAVA_OPTS:-}"
    if [[ -n ${COHORT_MAIN:-} ]]; then
        exec "$java" ${opts[@]+"${opts[@]}"} -cp "$(cohort_harness_jar "$module")" "$COHORT_MAIN" "$@"
    fi
    mapfile -t process_opts < <(cohort_process_opts "$module" "$jar")
    exec "$java" "${process_opts[@]}" ${opts[@]+"${opts[@]}"} -jar "$jar" "$@"
}
