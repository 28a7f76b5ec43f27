# Runs the name check on the two fixture trees beside this script:
#   cmake -DCHECK=<marina_name_check> -P run_name_check.cmake
# clean/ must pass; named/ must fail with one line per name, at the right line.
get_filename_component(here ${CMAKE_CURRENT_LIST_FILE} DIRECTORY)
execute_process(COMMAND ${CHECK} ${here}/clean RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the name check refused the clean tree:\n${err}")
endif()
execute_process(COMMAND ${CHECK} ${here}/named RESULT_VARIABLE rc ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "the name check accepted a tree whose strings name methods")
endif()
foreach(expected
    "lists_names.cpp:2: the string \"marina\" names the method 'marina'"
    "lists_names.cpp:3: the string \"only pp_marina samples r of n\" names the method 'pp_marina'"
    "lists_names.cpp:4: the string \"compressor.name=top_k\" names the compressor 'top_k'"
    "lists_names.cpp:5: the string \"natural_dithering\" names the compressor 'natural_dithering'"
    "name check: 4 string(s)")
  string(FIND "${err}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "expected '${expected}' in:\n${err}")
  endif()
endforeach()
