#!/usr/bin/env python3
"""Writes the Debian copyright file (DEP-5) of one FieldSync package.

Usage: copyright.py PRODUCT DUMP_PACKAGE.json SHOW_DEPENDENCIES.json CHECKOUTS_DIR

The binary links statically the Swift runtime and Foundation (with ICU), and every Swift
package its targets depend on, directly or not: each gets a paragraph naming its copyright
holders (read from its LICENSE, NOTICE or first source files) and its license. A license
this script does not know stops the build, so nothing ships with its terms unstated.
"""
import json
import os
import re
import sys

PROJECT = """\
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: FieldSync
Comment: The binaries link statically the Swift runtime, Foundation and the Swift
 packages listed below; each keeps its own copyright and license.

Files: *
Copyright: 2025-2026 the FieldSync authors
License: FieldSync
 All rights reserved. The FieldSync repository names no license: ask its
 owners before you redistribute these packages.

Files: swift-toolchain/usr/lib/swift_static/*
Copyright: 2014-2026 Apple Inc. and the Swift project authors
License: Apache-2.0
Comment: The Swift standard library, Dispatch and Foundation of Swift 6.3.1,
 linked with --static-swift-stdlib; Apache-2.0 with the Runtime Library
 Exception (https://swift.org/LICENSE.txt).

Files: swift-toolchain/usr/lib/swift_static/*/lib_FoundationICU.a
Copyright: 1991-2022 Unicode, Inc. and others
License: Unicode-DFS-2016
Comment: ICU 72, inside Foundation (swift-foundation-icu).
"""

APACHE = """\
License: Apache-2.0
 Licensed under the Apache License, Version 2.0 (the "License"); you may not
 use this file except in compliance with the License. You may obtain a copy
 of the License at https://www.apache.org/licenses/LICENSE-2.0
 .
 Unless required by applicable law or agreed to in writing, software
 distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
 WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
 License for the specific language governing permissions and limitations
 under the License.
 .
 On Debian systems, the complete text of the Apache License, Version 2.0 can
 be found in "/usr/share/common-licenses/Apache-2.0".
"""

UNICODE = """\
License: Unicode-DFS-2016
 UNICODE, INC. LICENSE AGREEMENT - DATA FILES AND SOFTWARE
 .
 See Terms of Use <https://www.unicode.org/copyright.html> for definitions of
 Unicode Inc.'s Data Files and Software.
 .
 NOTICE TO USER: Carefully read the following legal agreement. BY
 DOWNLOADING, INSTALLING, COPYING OR OTHERWISE USING UNICODE INC.'S DATA
 FILES ("DATA FILES"), AND/OR SOFTWARE ("SOFTWARE"), YOU UNEQUIVOCALLY
 ACCEPT, AND AGREE TO BE BOUND BY, ALL OF THE TERMS AND CONDITIONS OF THIS
 AGREEMENT. IF YOU DO NOT AGREE, DO NOT DOWNLOAD, INSTALL, COPY, DISTRIBUTE
 OR USE THE DATA FILES OR SOFTWARE.
 .
 COPYRIGHT AND PERMISSION NOTICE
 .
 Copyright (c) 1991-2022 Unicode, Inc. All rights reserved. Distributed under
 the Terms of Use in https://www.unicode.org/copyright.html.
 .
 Permission is hereby granted, free of charge, to any person obtaining a copy
 of the Unicode data files and any associated documentation (the "Data
 Files") or Unicode software and any associated documentation (the
 "Software") to deal in the Data Files or Software without restriction,
 including without limitation the rights to use, copy, modify, merge,
 publish, distribute, and/or sell copies of the Data Files or Software, and
 to permit persons to whom the Data Files or Software are furnished to do so,
 provided that either (a) this copyright and permission notice appear with
 all copies of the Data Files or Software, or (b) this copyright and
 permission notice appear in associated Documentation.
 .
 THE DATA FILES AND SOFTWARE ARE PROVIDED "AS IS", WITHOUT WARRANTY OF ANY
 KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF
 MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT OF
 THIRD PARTY RIGHTS. IN NO EVENT SHALL THE COPYRIGHT HOLDER OR HOLDERS
 INCLUDED IN THIS NOTICE BE LIABLE FOR ANY CLAIM, OR ANY SPECIAL INDIRECT OR
 CONSEQUENTIAL DAMAGES, OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF
 USE, DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER
 TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR
 PERFORMANCE OF THE DATA FILES OR SOFTWARE.
 .
 Except as contained in this notice, the name of a copyright holder shall
 not be used in advertising or otherwise to promote the sale, use or other
 dealings in these Data Files or Software without prior written
 authorization of the copyright holder.
"""


def product_packages(product, manifest):
    """The package identities the product's targets depend on, directly."""
    targets = {t["name"]: t for t in manifest["targets"]}
    product_targets = next(p["targets"] for p in manifest["products"] if p["name"] == product)
    seen, packages, stack = set(), set(), list(product_targets)
    while stack:
        name = stack.pop()
        if name in seen or name not in targets:
            continue
        seen.add(name)
        for dependency in targets[name].get("dependencies", []):
            if "byName" in dependency:
                stack.append(dependency["byName"][0])
            elif "target" in dependency:
                stack.append(dependency["target"][0])
            elif "product" in dependency:
                packages.add(dependency["product"][1].lower())
    return packages


def closure(roots, tree):
    """Every package reachable from the roots in `swift package show-dependencies --format json`."""
    nodes = {}

    def walk(node):
        nodes.setdefault(node["identity"].lower(), node)
        for child in node.get("dependencies", []):
            walk(child)

    walk(tree)
    found, stack = {}, list(roots)
    while stack:
        identity = stack.pop()
        if identity in found:
            continue
        node = nodes[identity]
        found[identity] = node
        stack.extend(child["identity"].lower() for child in node.get("dependencies", []))
    return sorted(found.values(), key=lambda node: node["name"].lower())


def holders(directory):
    """Copyright lines from the package's license files, else from its first source files."""
    lines = []
    files = [os.path.join(directory, f) for f in sorted(os.listdir(directory)) if re.match(r"(?i)(licen[cs]e|notice|copying)", f)]
    sources = []
    for root, _, names in sorted(os.walk(os.path.join(directory, "Sources"))):
        sources += [os.path.join(root, n) for n in sorted(names) if n.endswith(".swift")]
    for path in files + sources[:20]:
        with open(path, encoding="utf-8", errors="replace") as handle:
            head = handle.read(20000 if path in files else 2000)
        for line in head.splitlines():
            text = line.strip().lstrip("/#* ").strip()
            match = re.match(r"(?i)copyright\s+(?:\(c\)\s*|©\s*)?(\d{4}.*)", text)
            if match and "[yyyy]" not in text and "yyyy" not in text:
                holder = re.sub(r"\s*All rights reserved\.?", "", match.group(1)).rstrip(".")
                if holder not in lines:
                    lines.append(holder)
        if lines and path in files:
            break
        if lines and len(lines) >= 1 and path in sources:
            break
    return lines


def license_of(directory, name):
    for candidate in sorted(os.listdir(directory)):
        if re.match(r"(?i)licen[cs]e", candidate):
            with open(os.path.join(directory, candidate), encoding="utf-8", errors="replace") as handle:
                text = handle.read()
            if "Apache License" in text and "Version 2.0" in text:
                return "Apache-2.0", None
            if "Permission is hereby granted, free of charge" in text:
                body = text[text.index("Permission is hereby granted"):]
                return "Expat", body
            sys.exit(f"copyright.py: the license of {name} ({candidate}) is not one this script knows")
    sys.exit(f"copyright.py: {name} has no license file")


def formatted(text):
    """License text as a DEP-5 continuation: one leading space, empty lines as ' .'."""
    out = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        out.append(" " + " ".join(paragraph.split()))
    # Wrap long paragraph lines at 79 columns.
    wrapped = []
    for line in out:
        words, current = line.split(), ""
        for word in words:
            if len(current) + len(word) + 1 > 78:
                wrapped.append(" " + current)
                current = word
            else:
                current = f"{current} {word}".strip()
        wrapped.append(" " + current)
        wrapped.append(" .")
    return "\n".join(wrapped[:-1])


def main():
    product, dump, dependencies, checkouts = sys.argv[1:5]
    with open(dump) as handle:
        manifest = json.load(handle)
    with open(dependencies) as handle:
        tree = json.load(handle)
    paragraphs = [PROJECT]
    for node in closure(product_packages(product, manifest), tree):
        directory = node["path"] if os.path.isdir(node["path"]) else os.path.join(checkouts, node["name"])
        license, text = license_of(directory, node["name"])
        owners = holders(directory) or [f"the {node['name']} authors"]
        sources = os.path.join(directory, "Sources")
        if os.path.isdir(sources) and any("BoringSSL" in name for name in os.listdir(sources)):
            # A vendored BoringSSL (Apache-2.0, like its host package), with its own holders.
            owners += ["1995-2016 The OpenSSL Project Authors (BoringSSL)", "2014-2025 Google Inc. (BoringSSL)"]
        paragraph = f"Files: .build/checkouts/{os.path.basename(directory)}/*\n"
        paragraph += "Copyright: " + "\n           ".join(owners) + "\n"
        if text is None:
            paragraph += f"License: {license}\n"
        else:
            paragraph += f"License: {license}\n{formatted(text)}\n"
        paragraph += f"Comment: {node['name']} {node['version']}, {node['url']}\n"
        paragraphs.append(paragraph)
    paragraphs += [APACHE, UNICODE]
    sys.stdout.write("\n".join(paragraphs))


main()
