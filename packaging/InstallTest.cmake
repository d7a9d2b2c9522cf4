# ctest script: `cmake --install` into a fresh prefix, then run the installed executables.
# Arguments: BUILD_DIR, PREFIX, VERSION, WITH_GUI.
file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${rc}):\n${out}\n${err}")
endif()

execute_process(COMMAND "${PREFIX}/bin/w2s" --version
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "installed w2s --version exited ${rc}:\n${out}\n${err}")
endif()
if(NOT out MATCHES "${VERSION}")
  message(FATAL_ERROR "installed w2s --version printed '${out}', expected version ${VERSION}")
endif()
set(version_line "${out}")

set(expected "${PREFIX}/share/w2s-workbench/sweeps")
if(WITH_GUI)
  list(APPEND expected
       "${PREFIX}/bin/w2s-workbench"
       "${PREFIX}/share/applications/w2s-workbench.desktop"
       "${PREFIX}/share/metainfo/io.github.w2s_workbench.metainfo.xml"
       "${PREFIX}/share/icons/hicolor/scalable/apps/w2s-workbench.svg")
endif()
foreach(path IN LISTS expected)
  if(NOT EXISTS "${path}")
    message(FATAL_ERROR "not installed: ${path}")
  endif()
endforeach()

if(WITH_GUI)
  # The window's own version report (offscreen: no display needed).
  execute_process(COMMAND "${PREFIX}/bin/w2s-workbench" --versions
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR NOT out MATCHES "W2S Workbench ${VERSION}")
    message(FATAL_ERROR "installed w2s-workbench --versions exited ${rc}:\n${out}\n${err}")
  endif()
  find_program(DESKTOP_VALIDATE desktop-file-validate)
  if(DESKTOP_VALIDATE)
    execute_process(COMMAND "${DESKTOP_VALIDATE}" "${PREFIX}/share/applications/w2s-workbench.desktop"
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "desktop-file-validate:\n${out}\n${err}")
    endif()
  endif()
  find_program(APPSTREAMCLI appstreamcli)
  if(APPSTREAMCLI)
    execute_process(COMMAND "${APPSTREAMCLI}" validate --no-net
                            "${PREFIX}/share/metainfo/io.github.w2s_workbench.metainfo.xml"
                    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "appstreamcli validate (${rc}):\n${out}\n${err}")
    endif()
  endif()
endif()
file(REMOVE_RECURSE "${PREFIX}")
message(STATUS "installed into ${PREFIX} and ran w2s --version: ${version_line}")
