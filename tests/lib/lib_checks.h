// Checks every library test uses, server or not.
#pragma once

#include <glib.h>

#include <string>

#include "kaltura/error.h"

namespace lib_test {

// Compares in a function, so that temporaries live through the assertion.
inline void expect_str(const std::string& got, const std::string& want) {
  g_assert_cmpstr(got.c_str(), ==, want.c_str());
}

// Runs fn, which must throw kaltura::Error, and returns it.
template <typename F>
kaltura::Error expect_error(F&& fn) {
  try {
    fn();
  } catch (const kaltura::Error& error) {
    return error;
  }
  g_error("expected a kaltura::Error");
}

}  // namespace lib_test
