// What --virus-scan does in place of Kaltura's virus scan plugin: a source
// file that is the EICAR test file (the antivirus industry's harmless sample,
// which every scanner reports) is found infected; any other file is clean.
#pragma once

#include <string>

namespace devserver {

bool is_eicar_test_file(const std::string& path);

}  // namespace devserver
