# cmake -DDIR=<core/layer folder> -DLAYER=<name> -DALLOWED=<a,b,c> -P CheckLayers.cmake
#
# Fails when a file of the layer includes a header of core/ that the layer's target does not
# link (ALLOWED: the layer itself and every layer below it), a header of ui/, or Qt.
cmake_minimum_required(VERSION 3.22)
string(REPLACE "," ";" allowed "${ALLOWED}")
file(GLOB files ${DIR}/*.h ${DIR}/*.cpp)
set(problems "")
foreach(path ${files})
  file(STRINGS ${path} includes REGEX "^[ \t]*#[ \t]*include[ \t]*[\"<]")
  get_filename_component(name ${path} NAME)
  foreach(line ${includes})
    if(line MATCHES "#[ \t]*include[ \t]*\"core/([A-Za-z0-9_]+)/([^\"]+)\"")
      if(NOT CMAKE_MATCH_1 IN_LIST allowed)
        string(APPEND problems
          "\n  core/${LAYER}/${name} includes core/${CMAKE_MATCH_1}/${CMAKE_MATCH_2}")
      endif()
    elseif(line MATCHES "#[ \t]*include[ \t]*[\"<](ui/[^\">]+|Q[A-Za-z]+[^\">]*)[\">]")
      string(APPEND problems "\n  core/${LAYER}/${name} includes ${CMAKE_MATCH_1} (core never includes Qt or ui)")
    endif()
  endforeach()
endforeach()
if(problems)
  message(FATAL_ERROR "wrong-way include in layer '${LAYER}', which may include only core/{${ALLOWED}}:${problems}\n"
                      "Move the code to the layer it belongs to, or change the layer's DEPS in core/CMakeLists.txt.")
endif()
